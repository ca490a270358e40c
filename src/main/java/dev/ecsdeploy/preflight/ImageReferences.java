package dev.ecsdeploy.preflight;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether an image reference is one Docker (and so the ECS agent) can pull, by the grammar of
 * github.com/distribution/reference ({@code reference.go}):
 * {@code name[:tag][@digest]}, the name an optional registry host then slash-separated lower-case path components.
 */
final class ImageReferences {
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT
            + ")*(?::[0-9]+)?|\\[[0-9a-fA-F:]+](?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile(
            "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
    private static final int NAME_MAX = 255;

    private ImageReferences() {
    }

    /** What is wrong with the reference, or empty when Docker can pull it. */
    static Optional<String> problem(String image) {
        if (image == null || image.isEmpty()) {
            return Optional.of("the image is empty: give a reference such as registry/repository:tag.");
        }
        for (int i = 0; i < image.length(); i++) {
            char c = image.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return Optional.of("the image reference contains " + describe(c) + " at character " + (i + 1)
                        + "; a reference has no spaces or control characters.");
            }
        }
        String rest = image;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String digest = rest.substring(at + 1);
            if (!DIGEST.matcher(digest).matches()) {
                return Optional.of("the digest \"" + digest + "\" is not algorithm:hex, such as sha256:<64 hex>.");
            }
            rest = rest.substring(0, at);
        }
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            String tag = rest.substring(colon + 1);
            if (!TAG.matcher(tag).matches()) {
                return Optional.of("the tag \"" + tag + "\" is not valid: up to 128 letters, digits, _, . and -,"
                        + " not starting with . or -.");
            }
            rest = rest.substring(0, colon);
        }
        if (rest.length() > NAME_MAX) {
            return Optional.of("the repository name is " + rest.length() + " characters long; at most " + NAME_MAX
                    + ".");
        }
        String[] parts = rest.split("/", -1);
        int first = 0;
        if (parts.length > 1 && isDomain(parts[0])) {
            if (!DOMAIN.matcher(parts[0]).matches()) {
                return Optional.of("the registry host \"" + parts[0] + "\" is not a host name[:port].");
            }
            first = 1;
        }
        for (int i = first; i < parts.length; i++) {
            String part = parts[i];
            if (!PATH_COMPONENT.matcher(part).matches()) {
                return Optional.of(part.isEmpty() ? "the repository name has an empty path component (\"//\" or a"
                        + " leading or trailing \"/\")."
                        : !part.equals(part.toLowerCase(java.util.Locale.ROOT))
                        ? "the repository \"" + part + "\" has upper-case letters; repository names are lower case."
                        : "the repository \"" + part + "\" is not valid: lower-case letters and digits, separated"
                        + " by one . or _, two _, or dashes.");
            }
        }
        return Optional.empty();
    }

    /** Docker's rule: the first component is a registry when it has a . or : or is localhost. */
    private static boolean isDomain(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost")
                || component.startsWith("[");
    }

    private static String describe(char c) {
        return switch (c) {
            case '\n' -> "a newline";
            case '\r' -> "a carriage return";
            case '\t' -> "a tab";
            case ' ' -> "a space";
            default -> String.format("the control character U+%04X", (int) c);
        };
    }
}
