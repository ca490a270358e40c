package dev.ecsdeploy.image.engine.session;

import dev.ecsdeploy.image.engine.session.GrpcMessages.Answer;
import dev.ecsdeploy.image.engine.session.GrpcMessages.Status;
import dev.ecsdeploy.util.Decision;
import java.util.List;

/**
 * What each gRPC method the engine calls on the session answers. BuildKit asks {@code Auth/GetTokenAuthority} first
 * for a bearer challenge and, told UNIMPLEMENTED, falls back to {@code Auth/Credentials} (as it does for a basic
 * challenge); {@code FetchToken} and {@code VerifyTokenAuthority} are only called once a token authority was given, so
 * they answer UNIMPLEMENTED too (BuildKit's session/auth and util/resolver/authorizer.go). BuildKit's session manager
 * checks {@code Health/Check} every second and drops the session at the first failure.
 */
@Decision
final class SessionMethods {
    static final String CREDENTIALS = "/moby.filesync.v1.Auth/Credentials";
    static final String GET_SECRET = "/moby.buildkit.secrets.v1.Secrets/GetSecret";
    static final String HEALTH_CHECK = "/grpc.health.v1.Health/Check";

    /** The methods named in {@code X-Docker-Expose-Session-Grpc-Method}: the ones answered with more than UNIMPLEMENTED. */
    static final List<String> SERVED = List.of(CREDENTIALS, GET_SECRET, HEALTH_CHECK);

    private SessionMethods() {
    }

    /** The answer to one unary call: {@code path} is the HTTP/2 {@code :path}, {@code request} the body's message. */
    static Answer answer(String path, byte[] request, SessionServices services) {
        try {
            return switch (path) {
                case CREDENTIALS -> credentials(SessionMessages.credentialsRequestHost(request), services);
                case GET_SECRET -> secret(SessionMessages.secretRequestId(request), services);
                case HEALTH_CHECK -> Answer.ok(SessionMessages.healthResponse(SessionMessages.SERVING));
                default -> Answer.error(Status.UNIMPLEMENTED, "unknown method " + path);
            };
        } catch (IllegalArgumentException e) {
            return Answer.error(Status.INVALID_ARGUMENT, "malformed request: " + e.getMessage());
        }
    }

    private static Answer credentials(String host, SessionServices services) {
        SessionServices.RegistryCredential credential;
        try {
            credential = services.credentials(host);
        } catch (RuntimeException e) {
            // The exception's message is not passed on: it could quote what it was handed.
            return Answer.error(Status.INTERNAL, "no credentials for " + host + ": "
                    + e.getClass().getSimpleName());
        }
        if (credential == null) {
            return Answer.ok(SessionMessages.credentialsResponse(null, null));
        }
        return Answer.ok(SessionMessages.credentialsResponse(credential.username(), credential.secret()));
    }

    private static Answer secret(String id, SessionServices services) {
        byte[] value;
        try {
            value = services.secret(id);
        } catch (RuntimeException e) {
            return Answer.error(Status.INTERNAL, "secret " + id + " could not be read: "
                    + e.getClass().getSimpleName());
        }
        if (value == null) {
            return Answer.error(Status.NOT_FOUND, "no build secret " + id);
        }
        return Answer.ok(SessionMessages.secretResponse(value));
    }
}
