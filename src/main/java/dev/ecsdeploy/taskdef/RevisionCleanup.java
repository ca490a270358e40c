package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.util.Decision;
import java.util.List;
import java.util.Set;

/** Which revisions {@code keep-revisions} deregisters. Pure, so the rule is tested on its own. */
@Decision
final class RevisionCleanup {
    private RevisionCleanup() {
    }

    /**
     * @param activeNewestFirst the family's ACTIVE revision ARNs, newest first
     * @param keep              how many of the newest to keep (0 keeps all)
     * @param inUse             revisions some service deployment runs; never deregistered
     */
    static List<String> toDeregister(List<String> activeNewestFirst, int keep, Set<String> inUse) {
        if (keep <= 0 || activeNewestFirst.size() <= keep) {
            return List.of();
        }
        return activeNewestFirst.subList(keep, activeNewestFirst.size()).stream()
                .filter(arn -> !inUse.contains(arn))
                .toList();
    }
}
