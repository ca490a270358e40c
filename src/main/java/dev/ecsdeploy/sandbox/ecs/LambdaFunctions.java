package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lambda functions lifecycle hooks invoke. No code runs: a function answers what a test scripted for it
 * ({@link #script}: its answers in turn, the last one again and again), else what its name says
 * ({@link LifecycleHookCalls#answer}). Every invocation is kept, payload and answer, so a test sees what ECS would
 * have sent the function. Guarded by the world lock.
 */
public final class LambdaFunctions {
    /** One invocation: when (the sandbox's clock), of which function, with which event, and what it answered. */
    public record Invocation(String functionArn, Instant at, JsonNode event, JsonNode answer) {
    }

    private final Map<String, List<JsonNode>> scripts = new HashMap<>();
    private final Map<String, Integer> taken = new HashMap<>();
    private final List<Invocation> invocations = new ArrayList<>();

    /** From now on the function (its name or ARN) answers these, one per invocation; the last one repeats. */
    public void script(String function, List<JsonNode> answers) {
        String name = LifecycleHookCalls.functionName(function);
        scripts.put(name, List.copyOf(answers));
        taken.put(name, 0);
    }

    /** The scripted answer to the function's next invocation, or null when nothing is scripted for it. */
    JsonNode nextScripted(String functionArn) {
        String name = LifecycleHookCalls.functionName(functionArn);
        List<JsonNode> answers = scripts.get(name);
        if (answers == null || answers.isEmpty()) {
            return null;
        }
        int index = taken.merge(name, 1, Integer::sum) - 1;
        return answers.get(Math.min(index, answers.size() - 1)).deepCopy();
    }

    void record(String functionArn, Instant at, JsonNode event, JsonNode answer) {
        invocations.add(new Invocation(functionArn, at, event, answer));
    }

    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /** The invocations as the state endpoint shows them. */
    public ArrayNode json() {
        ArrayNode out = Wire.array();
        for (Invocation invocation : invocations) {
            ObjectNode entry = out.addObject();
            entry.put("function", invocation.functionArn());
            entry.put("at", invocation.at().toString());
            entry.set("event", invocation.event());
            entry.set("answer", invocation.answer());
        }
        return out;
    }
}
