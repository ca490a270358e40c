package dev.ecsdeploy.aws;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's default trust manager, made on the first TLS handshake instead of when the HTTP client is built. The SDK's
 * URL-connection client builds its SSL context in its constructor, and the JDK's default one parses every CA
 * certificate in cacerts (about 150) at that moment: a run that talks plain HTTP (a sandbox, LocalStack) or stops
 * before AWS paid for it. The delegate is exactly what {@code SSLContext.init(km, null, random)} would make (the
 * default TrustManagerFactory algorithm over the default trust store), so what is trusted does not change.
 */
final class DeferredTrustManager extends X509ExtendedTrustManager {
    private volatile X509ExtendedTrustManager delegate;

    static TrustManager[] asArray() {
        return new TrustManager[] {new DeferredTrustManager()};
    }

    private X509ExtendedTrustManager delegate() {
        X509ExtendedTrustManager made = delegate;
        if (made == null) {
            synchronized (this) {
                if (delegate == null) {
                    delegate = jdkDefault();
                }
                made = delegate;
            }
        }
        return made;
    }

    private static X509ExtendedTrustManager jdkDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return Arrays.stream(factory.getTrustManagers())
                    .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
                    .findFirst().orElseThrow(() -> new IllegalStateException("the JDK has no X509 trust manager"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's trust store cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate().getAcceptedIssuers();
    }
}
