package dev.ecsdeploy.container;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Run inside the image, on the image's JVM and jar ({@link ShrunkJarTest}): what ProGuard can only keep by rule,
 * tried the way the libraries try it. {@code load NAME...} loads each class by name; {@code credentials} resolves the
 * SDK's default credential chain from the environment and prints what it said. References only what the shipped jar
 * keeps (DefaultCredentialsProvider is what {@code AwsClients} uses).
 */
public final class ByNameProbe {
    private ByNameProbe() {
    }

    public static void main(String[] args) {
        if (args[0].equals("load")) {
            for (int i = 1; i < args.length; i++) {
                try {
                    Class.forName(args[i]);
                    System.out.println("loaded " + args[i]);
                } catch (ClassNotFoundException | LinkageError e) {
                    System.out.println("missing " + args[i] + ": " + e);
                }
            }
            return;
        }
        try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
            System.out.println("resolved " + chain.resolveCredentials().accessKeyId());
        } catch (RuntimeException e) {
            System.out.println("failed " + e.getMessage());
        }
    }
}
