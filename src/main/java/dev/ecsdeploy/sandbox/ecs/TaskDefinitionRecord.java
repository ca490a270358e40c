package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One registered revision: the TaskDefinition as the API returns it, plus its tags. Guarded by the world lock. */
public final class TaskDefinitionRecord {
    public final String family;
    public final int revision;
    public final String arn;
    /** Present at start: scenarios never touch it, so rollbacks to it succeed. */
    public final boolean seeded;
    public final ObjectNode json;
    public final ArrayNode tags;
    public final Instant registeredAt;
    public boolean active = true;
    public Instant deregisteredAt;

    public TaskDefinitionRecord(String family, int revision, String arn, boolean seeded, ObjectNode json,
                                ArrayNode tags, Instant registeredAt) {
        this.family = family;
        this.revision = revision;
        this.arn = arn;
        this.seeded = seeded;
        this.json = json;
        this.tags = tags;
        this.registeredAt = registeredAt;
    }

    public ArrayNode containers() {
        return (ArrayNode) json.withArray("containerDefinitions");
    }
}
