package dev.ecsdeploy.image.engine.session;

/**
 * What a BuildKit session answers when the engine asks during a build: registry credentials (to pull a FROM image or
 * read a cache from a private registry) and build secrets ({@code RUN --mount=type=secret}).
 */
public interface SessionServices {
    /** A registry login. {@code secret} is a password or token: never logged. */
    record RegistryCredential(String username, String secret) {
        @Override
        public String toString() {
            return "RegistryCredential[" + username + "]";
        }
    }

    /** Credentials for a registry host as BuildKit names it (e.g. {@code 127.0.0.1:5000}), or null: anonymous. */
    RegistryCredential credentials(String host);

    /** The secret's value, or null when the build has no secret with this id. */
    byte[] secret(String id);
}
