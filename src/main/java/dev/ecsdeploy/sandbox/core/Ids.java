package dev.ecsdeploy.sandbox.core;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Identifiers shaped like AWS's. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Ids() {
    }

    /** 32 hex characters, like an ECS task id. */
    public static String hex32() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** 19 digits, like the number in {@code ecs-svc/8010098638150428715}. */
    public static String digits19() {
        StringBuilder text = new StringBuilder().append(1 + RANDOM.nextInt(9));
        for (int i = 0; i < 18; i++) {
            text.append(RANDOM.nextInt(10));
        }
        return text.toString();
    }

    public static String alnum(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return text.toString();
    }

    public static String requestId() {
        return UUID.randomUUID().toString();
    }
}
