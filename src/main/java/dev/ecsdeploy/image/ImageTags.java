package dev.ecsdeploy.image;

import dev.ecsdeploy.util.Decision;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Which tags an image gets, and what Docker and ECR accept as tags and repository names. */
@Decision
public final class ImageTags {
    /** Docker's tag grammar: a word character, then up to 127 word characters, dots and dashes. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    /** ECR repository names: lower-case path components separated by '/', each may hold '.', '_' or '-'. */
    private static final Pattern REPOSITORY =
            Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    public static final String LATEST = "latest";

    private ImageTags() {
    }

    /** The version first (it names the image deployed), then {@code latest} when wanted, then the extra tags. */
    public static List<String> tags(String version, boolean tagLatest, List<String> extra) {
        Set<String> tags = new LinkedHashSet<>();
        tags.add(version);
        if (tagLatest) {
            tags.add(LATEST);
        }
        tags.addAll(extra);
        return List.copyOf(new ArrayList<>(tags));
    }

    public static boolean isValidTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    public static boolean isValidRepository(String name) {
        return name != null && name.length() >= 2 && name.length() <= 256 && REPOSITORY.matcher(name).matches();
    }
}
