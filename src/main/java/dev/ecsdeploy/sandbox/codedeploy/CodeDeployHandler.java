package dev.ecsdeploy.sandbox.codedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.AwsError;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.Wire;
import java.time.Instant;

/**
 * CodeDeploy, read-only for now: the application and deployment group of {@code web-cd}. Deployments
 * (CreateDeployment, GetDeployment, ContinueDeployment, StopDeployment) come with the CodeDeploy engine.
 */
public final class CodeDeployHandler implements ServiceHandler {
    public static final String APPLICATION = "AppECS-demo-web-cd";
    public static final String GROUP = "DgpECS-demo-web-cd";

    private final String region;
    private final String account;
    private final Instant createdAt;

    public CodeDeployHandler(String region, String account, Instant createdAt) {
        this.region = region;
        this.account = account;
        this.createdAt = createdAt;
    }

    @Override
    public JsonNode handle(String operation, JsonNode input) {
        return switch (operation) {
            case "GetApplication" -> {
                requireApplication(Wire.text(input, "applicationName"));
                ObjectNode out = Wire.object();
                ObjectNode app = out.putObject("application");
                app.put("applicationId", "5b9d8ab1-5a3c-4a36-9d0c-0c1d3ad1e0f7");
                app.put("applicationName", APPLICATION);
                Wire.putTime(app, "createTime", createdAt);
                app.put("linkedToGitHub", false);
                app.put("computePlatform", "ECS");
                yield out;
            }
            case "ListDeploymentGroups" -> {
                requireApplication(Wire.text(input, "applicationName"));
                ObjectNode out = Wire.object();
                out.put("applicationName", APPLICATION);
                out.set("deploymentGroups", Wire.array().add(GROUP));
                yield out;
            }
            case "GetDeploymentGroup" -> {
                requireApplication(Wire.text(input, "applicationName"));
                if (!GROUP.equals(Wire.text(input, "deploymentGroupName"))) {
                    throw AwsError.client("DeploymentGroupDoesNotExistException", "No Deployment Group found for name: "
                            + Wire.text(input, "deploymentGroupName"));
                }
                ObjectNode out = Wire.object();
                out.set("deploymentGroupInfo", group());
                yield out;
            }
            default -> throw ServiceHandler.unknownOperation(operation);
        };
    }

    private static void requireApplication(String name) {
        if (!APPLICATION.equals(name)) {
            throw AwsError.client("ApplicationDoesNotExistException", "No application found for name: " + name);
        }
    }

    private ObjectNode group() {
        String tgPrefix = "arn:aws:elasticloadbalancing:" + region + ":" + account + ":";
        ObjectNode group = Wire.object();
        group.put("applicationName", APPLICATION);
        group.put("deploymentGroupId", "0d6e1f9a-2c44-4f57-a0e7-3d5b0cb9a5f1");
        group.put("deploymentGroupName", GROUP);
        group.put("deploymentConfigName", "CodeDeployDefault.ECSAllAtOnce");
        group.put("serviceRoleArn", "arn:aws:iam::" + account + ":role/ecsCodeDeployRole");
        group.set("triggerConfigurations", Wire.array());
        ObjectNode rollback = group.putObject("autoRollbackConfiguration");
        rollback.put("enabled", true);
        rollback.set("events", Wire.array().add("DEPLOYMENT_FAILURE").add("DEPLOYMENT_STOP_ON_REQUEST"));
        ObjectNode alarms = group.putObject("alarmConfiguration");
        alarms.put("enabled", false);
        alarms.put("ignorePollAlarmFailure", false);
        alarms.set("alarms", Wire.array());
        ObjectNode style = group.putObject("deploymentStyle");
        style.put("deploymentType", "BLUE_GREEN");
        style.put("deploymentOption", "WITH_TRAFFIC_CONTROL");
        ObjectNode blueGreen = group.putObject("blueGreenDeploymentConfiguration");
        blueGreen.putObject("terminateBlueInstancesOnDeploymentSuccess").put("action", "TERMINATE")
                .put("terminationWaitTimeInMinutes", 5);
        blueGreen.putObject("deploymentReadyOption").put("actionOnTimeout", "CONTINUE_DEPLOYMENT")
                .put("waitTimeInMinutes", 0);
        ObjectNode pair = Wire.object();
        pair.set("targetGroups", Wire.array()
                .add(Wire.object().put("name", "web-cd-blue"))
                .add(Wire.object().put("name", "web-cd-green")));
        pair.putObject("prodTrafficRoute").set("listenerArns", Wire.array().add(tgPrefix
                + "listener/app/demo/50dc6c495c0c9188/0467ef3c8400ae65"));
        pair.putObject("testTrafficRoute").set("listenerArns", Wire.array().add(tgPrefix
                + "listener/app/demo/50dc6c495c0c9188/9a8b7c6d5e4f3a2b"));
        group.putObject("loadBalancerInfo").set("targetGroupPairInfoList", Wire.array().add(pair));
        group.set("ecsServices", Wire.array().add(Wire.object().put("serviceName", "web-cd")
                .put("clusterName", "demo")));
        group.put("computePlatform", "ECS");
        group.put("outdatedInstancesStrategy", "UPDATE");
        return group;
    }
}
