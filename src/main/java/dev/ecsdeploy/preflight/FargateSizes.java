package dev.ecsdeploy.preflight;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fargate's task sizes: which memory values each task cpu allows (ECS developer guide, "Task CPU and memory";
 * {@code RegisterTaskDefinitionRequest.cpu} in the API reference), and the unit strings ECS accepts for both.
 */
final class FargateSizes {
    private static final Pattern VCPU = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*vcpu", Pattern.CASE_INSENSITIVE);
    private static final Pattern GB = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*gb", Pattern.CASE_INSENSITIVE);

    /** cpu units, then the smallest memory, the largest, and the step (MiB). */
    private static final int[][] TABLE = {
            {256, 512, 2048, 0},
            {512, 1024, 4096, 1024},
            {1024, 2048, 8192, 1024},
            {2048, 4096, 16384, 1024},
            {4096, 8192, 30720, 1024},
            {8192, 16384, 61440, 4096},
            {16384, 32768, 122880, 8192},
    };

    private FargateSizes() {
    }

    /** cpu units from {@code "256"} or {@code "0.25 vCPU"}; empty when neither. */
    static OptionalInt cpuUnits(String value) {
        return parse(value, VCPU, 1024);
    }

    /** MiB from {@code "512"} or {@code "0.5 GB"}; empty when neither. */
    static OptionalInt memoryMiB(String value) {
        return parse(value, GB, 1024);
    }

    /** Null when Fargate runs a task of this size, else what it allows. */
    static String problem(int cpu, int memory) {
        for (int[] row : TABLE) {
            if (row[0] != cpu) {
                continue;
            }
            boolean fits = row[0] == 256 ? memory == 512 || memory == 1024 || memory == 2048
                    : memory >= row[1] && memory <= row[2] && (memory - row[1]) % row[3] == 0;
            return fits ? null : "Fargate does not run a task with cpu " + cpu + " and memory " + memory
                    + ": with cpu " + cpu + " memory must be " + allowed(row) + " (MiB).";
        }
        return "Fargate has no task cpu " + cpu + ": use 256, 512, 1024, 2048, 4096, 8192 or 16384 (with memory to"
                + " match).";
    }

    private static String allowed(int[] row) {
        return row[0] == 256 ? "512, 1024 or 2048" : row[1] + " to " + row[2] + " in steps of " + row[3];
    }

    private static OptionalInt parse(String value, Pattern unit, int factor) {
        if (value == null) {
            return OptionalInt.empty();
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.matches("\\d{1,9}")) {
            return OptionalInt.of(Integer.parseInt(text));
        }
        Matcher matcher = unit.matcher(text);
        if (matcher.matches()) {
            return OptionalInt.of((int) Math.round(Double.parseDouble(matcher.group(1)) * factor));
        }
        return OptionalInt.empty();
    }
}
