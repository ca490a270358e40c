package dev.ecsdeploy.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action's HTTPS still trusts exactly what the JDK trusts, now that the trust store is read at the first handshake:
 * the JDK's CA list, a certificate no CA signed refused, and a server the JDK is told to trust
 * (javax.net.ssl.trustStore, as a self-hosted runner behind a TLS-inspecting proxy sets it) reached through the
 * action's real ECS client.
 */
class DeferredTrustManagerTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path temp;
    private static Path keyStore;
    private HttpsServer server;

    @BeforeAll
    static void makeCertificate() throws Exception {
        keyStore = temp.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
    }

    @BeforeEach
    void startTlsServer() throws Exception {

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"clusterArns\":[\"arn:aws:ecs:us-east-1:123456789012:cluster/tls\"]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopTlsServer() {
        server.stop(0);
    }

    private AwsClients clients() {
        return new AwsClients("us-east-1", Map.of("AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_ENDPOINT_URL", "https://127.0.0.1:" + server.getAddress().getPort(),
                "HOME", temp.toString()));
    }

    @Test
    void aCertificateNoTrustedAuthoritySignedIsRefused() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        X509Certificate selfSigned = (X509Certificate) store.getCertificate("server");
        X509TrustManager deferred = (X509TrustManager) DeferredTrustManager.asArray()[0];

        assertThrows(CertificateException.class,
                () -> deferred.checkServerTrusted(new X509Certificate[] {selfSigned}, "ECDHE_ECDSA"));
    }

    @Test
    void aTrustStoreTheJdkIsToldToUseIsUsed() {
        String before = System.getProperty("javax.net.ssl.trustStore");
        System.setProperty("javax.net.ssl.trustStore", keyStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        try (AwsClients aws = clients()) {
            assertEquals(List.of("arn:aws:ecs:us-east-1:123456789012:cluster/tls"),
                    aws.ecs().listClusters().clusterArns());
        } finally {
            if (before == null) {
                System.clearProperty("javax.net.ssl.trustStore");
            } else {
                System.setProperty("javax.net.ssl.trustStore", before);
            }
            System.clearProperty("javax.net.ssl.trustStorePassword");
        }
    }

    @Test
    void theAuthoritiesTrustedAreTheJdkDefaults() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        X509TrustManager jdk = (X509TrustManager) Arrays.stream(factory.getTrustManagers())
                .filter(X509TrustManager.class::isInstance).findFirst().orElseThrow();
        X509TrustManager deferred = (X509TrustManager) DeferredTrustManager.asArray()[0];

        assertTrue(jdk.getAcceptedIssuers().length > 50, "the JDK trusts its CA list");
        assertEquals(subjects(jdk.getAcceptedIssuers()), subjects(deferred.getAcceptedIssuers()));
    }

    private static Set<String> subjects(X509Certificate[] certificates) {
        return Arrays.stream(certificates).map(c -> c.getSubjectX500Principal().getName())
                .collect(Collectors.toSet());
    }
}
