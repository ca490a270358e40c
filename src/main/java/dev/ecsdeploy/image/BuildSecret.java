package dev.ecsdeploy.image;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One BuildKit secret from the {@code build-secrets} input: {@code id=NAME,env=VAR} (the value of an environment
 * variable) or {@code id=NAME,src=PATH} (a file). The Dockerfile reads it with {@code RUN --mount=type=secret,id=NAME};
 * BuildKit mounts it for that one instruction and never writes it into a layer or the image history.
 *
 * @param id  the name the Dockerfile mounts
 * @param env the environment variable holding the value, or null
 * @param src the file holding the value (as written in the input), or null
 */
public record BuildSecret(String id, String env, String src) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Parses the input's lines; a line that does not parse is an {@link IllegalArgumentException} saying which line
     * and how to write it.
     */
    public static List<BuildSecret> parseAll(List<String> lines) {
        List<BuildSecret> secrets = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            BuildSecret secret = parse(line);
            if (!ids.add(secret.id())) {
                throw new IllegalArgumentException("the secret id \"" + secret.id() + "\" is given twice");
            }
            secrets.add(secret);
        }
        return secrets;
    }

    static BuildSecret parse(String line) {
        String text = line.trim();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                throw problem(text, "\"" + part.trim() + "\" is not key=value");
            }
            String key = part.substring(0, equals).trim();
            String value = part.substring(equals + 1).trim();
            if (!List.of("id", "env", "src").contains(key)) {
                throw problem(text, "unknown key \"" + key + "\" (use id, env or src)");
            }
            if (value.isEmpty()) {
                throw problem(text, key + " is empty");
            }
            if (fields.put(key, value) != null) {
                throw problem(text, key + " is given twice");
            }
        }
        String id = fields.get("id");
        if (id == null) {
            throw problem(text, "id is missing");
        }
        if (!ID.matcher(id).matches()) {
            throw problem(text, "the id \"" + id + "\" may contain only letters, digits, '_', '.' and '-'");
        }
        String env = fields.get("env");
        String src = fields.get("src");
        if ((env == null) == (src == null)) {
            throw problem(text, "give exactly one source: env=VARIABLE or src=PATH");
        }
        if (env != null && !VARIABLE.matcher(env).matches()) {
            throw problem(text, "\"" + env + "\" is not an environment variable name");
        }
        return new BuildSecret(id, env, src);
    }

    /** The {@code --secret} value for the Docker CLI: names where the value is, never the value itself. */
    public String cliArgument(String resolvedSource) {
        return env != null ? "id=" + id + ",env=" + env : "id=" + id + ",src=" + resolvedSource;
    }

    private static IllegalArgumentException problem(String line, String why) {
        return new IllegalArgumentException("\"" + line + "\": " + why
                + "; write one secret per line as id=NAME,env=VARIABLE or id=NAME,src=PATH");
    }
}
