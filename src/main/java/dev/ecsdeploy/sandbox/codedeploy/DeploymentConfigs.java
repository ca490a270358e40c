package dev.ecsdeploy.sandbox.codedeploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.Wire;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CodeDeploy's predefined deployment configs: the five for ECS (how traffic moves to the replacement task set) and
 * a few for other platforms (so an ECS deployment naming one can be refused). Pure.
 */
public final class DeploymentConfigs {
    /**
     * One config. {@code type} is the TrafficRoutingConfig type (TimeBasedCanary, TimeBasedLinear, AllAtOnce);
     * {@code percentage} and {@code intervalMinutes} as its timeBasedCanary / timeBasedLinear say.
     */
    public record Config(String name, String computePlatform, String type, int percentage, int intervalMinutes,
                         String id) {
        /** The replacement's production weight after the step from {@code current} (0 before the first). */
        public double next(double current) {
            return switch (type) {
                case "TimeBasedLinear" -> Math.min(100.0, current + percentage);
                case "TimeBasedCanary" -> current > 0 ? 100.0 : percentage;
                default -> 100.0;
            };
        }

        /** AWS seconds until the next step once the replacement has {@code weight} (none at 100). */
        public double waitAfter(double weight) {
            return weight >= 100.0 || "AllAtOnce".equals(type) ? 0 : 60.0 * intervalMinutes;
        }
    }

    private static final Map<String, Config> CONFIGS = new LinkedHashMap<>();

    static {
        add("CodeDeployDefault.ECSAllAtOnce", "ECS", "AllAtOnce", 0, 0, "e4b54d36-8f6f-4fa0-9e3e-6a1d0f6b7c01");
        add("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", "ECS", "TimeBasedLinear", 10, 1,
                "e4b54d36-8f6f-4fa0-9e3e-6a1d0f6b7c02");
        add("CodeDeployDefault.ECSLinear10PercentEvery3Minutes", "ECS", "TimeBasedLinear", 10, 3,
                "e4b54d36-8f6f-4fa0-9e3e-6a1d0f6b7c03");
        add("CodeDeployDefault.ECSCanary10Percent5Minutes", "ECS", "TimeBasedCanary", 10, 5,
                "e4b54d36-8f6f-4fa0-9e3e-6a1d0f6b7c04");
        add("CodeDeployDefault.ECSCanary10Percent15Minutes", "ECS", "TimeBasedCanary", 10, 15,
                "e4b54d36-8f6f-4fa0-9e3e-6a1d0f6b7c05");
        add("CodeDeployDefault.AllAtOnce", "Server", null, 0, 0, "e4b54d36-8f6f-4fa0-9e3e-6a1d0f6b7c06");
        add("CodeDeployDefault.HalfAtATime", "Server", null, 0, 0, "e4b54d36-8f6f-4fa0-9e3e-6a1d0f6b7c07");
        add("CodeDeployDefault.OneAtATime", "Server", null, 0, 0, "e4b54d36-8f6f-4fa0-9e3e-6a1d0f6b7c08");
        add("CodeDeployDefault.LambdaAllAtOnce", "Lambda", "AllAtOnce", 0, 0, "e4b54d36-8f6f-4fa0-9e3e-6a1d0f6b7c09");
    }

    private DeploymentConfigs() {
    }

    private static void add(String name, String platform, String type, int percentage, int interval, String id) {
        CONFIGS.put(name, new Config(name, platform, type, percentage, interval, id));
    }

    public static Optional<Config> find(String name) {
        return Optional.ofNullable(name == null ? null : CONFIGS.get(name));
    }

    /** GetDeploymentConfig's {@code deploymentConfigInfo}. */
    static ObjectNode info(Config config, Instant createTime) {
        ObjectNode info = Wire.object();
        info.put("deploymentConfigId", config.id());
        info.put("deploymentConfigName", config.name());
        Wire.putTime(info, "createTime", createTime);
        info.put("computePlatform", config.computePlatform());
        if ("Server".equals(config.computePlatform())) {
            ObjectNode hosts = info.putObject("minimumHealthyHosts");
            switch (config.name()) {
                case "CodeDeployDefault.AllAtOnce" -> hosts.put("type", "HOST_COUNT").put("value", 0);
                case "CodeDeployDefault.HalfAtATime" -> hosts.put("type", "FLEET_PERCENT").put("value", 50);
                default -> hosts.put("type", "FLEET_PERCENT").put("value", 99);
            }
        } else {
            ObjectNode routing = info.putObject("trafficRoutingConfig");
            routing.put("type", config.type());
            switch (config.type()) {
                case "TimeBasedCanary" -> routing.putObject("timeBasedCanary")
                        .put("canaryPercentage", config.percentage()).put("canaryInterval", config.intervalMinutes());
                case "TimeBasedLinear" -> routing.putObject("timeBasedLinear")
                        .put("linearPercentage", config.percentage()).put("linearInterval", config.intervalMinutes());
                default -> {
                }
            }
        }
        return info;
    }
}
