package dev.ecsdeploy.image.engine.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A session served by the shipped (ProGuard-shrunk) jar: run on its class path with this class beside it, it opens a
 * session on the engine's socket, waits for the engine's health checks and builds a RUN that mounts a secret, then
 * prints {@code session ok} or what went wrong, and exits 0 or 1. Only the JDK and the jar's own session code are
 * used, so a class or field of the session the shrinker dropped is what fails it.
 */
public final class SessionProbe {
    private SessionProbe() {
    }

    public static void main(String[] args) throws Exception {
        String baseImage = args[0];
        byte[] value = ("probe-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        SessionServices services = new SessionServices() {
            @Override
            public RegistryCredential credentials(String host) {
                return null;
            }

            @Override
            public byte[] secret(String id) {
                return id.equals("probe") ? value : null;
            }
        };
        try (BuildSession session = BuildSession.open(EngineWire.connect(), EngineWire.API, services)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (session.answered(SessionMethods.HEALTH_CHECK) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String dockerfile = "FROM " + baseImage + "\n"
                    + "RUN --mount=type=secret,id=probe,required=true echo " + UUID.randomUUID() + " >/dev/null"
                    + " && echo \"" + sha256 + "  /run/secrets/probe\" | busybox sha256sum -c -s -\n";
            String tag = "ecs-deploy-test/session-probe:" + UUID.randomUUID();
            String answer = new String(EngineWire.buildAnswer(dockerfile, tag, session.id()), StandardCharsets.UTF_8);
            boolean built = answer.startsWith("HTTP/1.1 200") && !answer.contains("\"errorDetail\"");
            long health = session.answered(SessionMethods.HEALTH_CHECK);
            boolean serving = session.serving();
            System.out.println("health checks " + health + ", secrets " + session.answered(SessionMethods.GET_SECRET)
                    + ", serving " + serving + ", built " + built + ", image " + tag);
            if (health >= 2 && serving && built) {
                System.out.println("session ok");
                return;
            }
            System.out.println(answer);
        }
        System.exit(1);
    }
}
