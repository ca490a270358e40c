package dev.ecsdeploy.sandbox.http;

import dev.ecsdeploy.sandbox.core.ServiceHandler;
import java.util.List;

/** The AWS services the front serves, with their protocol names and validation schema. */
public final class Services {
    private static final String SDK = "software.amazon.awssdk.services.";

    private Services() {
    }

    public static List<AwsService> all(ServiceHandler ecs, ServiceHandler ecr, ServiceHandler codeDeploy,
                                       ServiceHandler secrets, ServiceHandler logs, ServiceHandler cloudWatch,
                                       ServiceHandler sts, ServiceHandler ssm) {
        return List.of(
                new AwsService("ecs", "AmazonEC2ContainerServiceV20141113", SDK + "ecs.model", "ecs",
                        "InvalidParameterException", ecs),
                new AwsService("ecr", "AmazonEC2ContainerRegistry_V20150921", SDK + "ecr.model", "ecr",
                        "InvalidParameterException", ecr),
                new AwsService("codedeploy", "CodeDeploy_20141006", SDK + "codedeploy.model", "codedeploy",
                        "InvalidInputException", codeDeploy),
                new AwsService("secretsmanager", "secretsmanager", SDK + "secretsmanager.model", "secretsmanager",
                        "InvalidParameterException", secrets),
                new AwsService("logs", "Logs_20140328", SDK + "cloudwatchlogs.model", "logs",
                        "InvalidParameterException", logs),
                new AwsService("monitoring", "GraniteServiceVersion20100801", null, null, "InvalidParameterValue",
                        cloudWatch),
                new AwsService("sts", "sts", null, null, "ValidationError", sts),
                new AwsService("ssm", "AmazonSSM", SDK + "ssm.model", "ssm", "ValidationException", ssm));
    }
}
