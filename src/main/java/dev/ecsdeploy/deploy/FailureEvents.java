package dev.ecsdeploy.deploy;

import dev.ecsdeploy.util.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

/**
 * The service events that explain a failure, picked by the words ECS uses for trouble (as Copilot does), newest
 * first, from the deployment's time on. Pure.
 */
@Decision
final class FailureEvents {
    private static final List<String> TROUBLE = List.of("fail", "unhealthy", "error", "throttl", "unable", "missing",
            "alarm", "rolling back", "rolled back", "circuit breaker", "insufficient", "denied");

    private FailureEvents() {
    }

    static List<ServiceEvent> pick(List<ServiceEvent> newestFirst, Instant since, int limit) {
        return newestFirst.stream()
                .filter(event -> since == null || event.createdAt() == null || !event.createdAt().isBefore(since))
                .filter(event -> isTrouble(event.message()))
                .limit(limit)
                .toList();
    }

    static boolean isTrouble(String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return TROUBLE.stream().anyMatch(lower::contains);
    }
}
