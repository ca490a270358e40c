package dev.ecsdeploy.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's least-privilege IAM policy against what the compiled action really calls: every AWS SDK client method
 * referenced from the action's classes (the sandbox's and demo's excepted) must be allowed, and every action the policy
 * allows must be an operation of those clients or a call made on the action's behalf (the Docker engine pushing to
 * ECR, roles handed to ECS, CodeDeploy registering the revision). A user who copies the policy gets no AccessDenied.
 */
class IamPolicyTest {
    private static final Path CLASSES = Path.of("target/classes");
    private static final Pattern CLIENT = Pattern.compile("software/amazon/awssdk/services/([a-z]+)/[A-Za-z]+Client");
    /** IAM's service prefix where it differs from the SDK's package name. */
    private static final Map<String, String> PREFIX = Map.of("cloudwatchlogs", "logs");
    /** Client methods that are not AWS operations. */
    private static final Set<String> NOT_OPERATIONS = Set.of("close", "serviceName", "serviceClientConfiguration",
            "utilities", "waiter", "builder", "create");
    /** AWS answers these for any caller: no permission to grant. */
    private static final Set<String> NEED_NO_PERMISSION = Set.of("sts:GetCallerIdentity");
    /** Allowed for calls others make for the action: `docker push`/`pull` to ECR, roles handed to ECS tasks, the
     *  AppSpec revision CodeDeploy registers when CreateDeployment is given one, and the tags of a task definition that
     *  has them (RegisterTaskDefinition checks ecs:TagResource). */
    private static final Set<String> ON_THE_ACTIONS_BEHALF = Set.of("ecr:BatchCheckLayerAvailability",
            "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage",
            "ecr:BatchGetImage", "iam:PassRole", "codedeploy:RegisterApplicationRevision", "ecs:TagResource");

    @Test
    void theReadmePolicyAllowsEveryOperationTheActionCalls() throws IOException {
        Set<String> missing = new TreeSet<>(operationsCalled());
        missing.removeAll(readmePolicyActions());
        missing.removeAll(NEED_NO_PERMISSION);
        assertEquals(Set.of(), missing, "the code calls these, the README's IAM policy does not allow them");
    }

    /**
     * Nothing in the policy is a typo or a leftover: each action is an operation of the SDK client the action uses
     * (so a stage can be written against it), or one of the calls made on the action's behalf.
     */
    @Test
    void everyActionInThePolicyIsARealOperationOfAClientTheActionUses() throws IOException {
        Set<String> unknown = new TreeSet<>();
        for (String action : readmePolicyActions()) {
            if (!ON_THE_ACTIONS_BEHALF.contains(action) && !sdkOperations().contains(action)) {
                unknown.add(action);
            }
        }
        assertEquals(Set.of(), unknown, "not an operation of the action's SDK clients");
    }

    /** {@code service:Operation} for every operation of the SDK clients the action is built with. */
    private static Set<String> sdkOperations() {
        Set<String> operations = new TreeSet<>();
        for (Class<?> client : java.util.List.of(software.amazon.awssdk.services.ecs.EcsClient.class,
                software.amazon.awssdk.services.ecr.EcrClient.class,
                software.amazon.awssdk.services.codedeploy.CodeDeployClient.class,
                software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.class,
                software.amazon.awssdk.services.ssm.SsmClient.class,
                software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.class,
                software.amazon.awssdk.services.cloudwatch.CloudWatchClient.class,
                software.amazon.awssdk.services.sts.StsClient.class)) {
            Matcher name = CLIENT.matcher(client.getName().replace('.', '/'));
            assertTrue(name.matches(), client.getName());
            String service = PREFIX.getOrDefault(name.group(1), name.group(1));
            for (java.lang.reflect.Method method : client.getMethods()) {
                if (method.getParameterCount() == 1
                        && method.getParameterTypes()[0].getSimpleName().endsWith("Request")) {
                    String operation = method.getName();
                    operations.add(service + ":" + Character.toUpperCase(operation.charAt(0))
                            + operation.substring(1));
                }
            }
        }
        return operations;
    }

    @Test
    void theScanFindsTheCallsTheDeployEngineIsKnownToMake() throws IOException {
        // Guards the scanner itself: if it found nothing, the test above would pass on an empty policy.
        assertTrue(operationsCalled().containsAll(Set.of("ecs:UpdateService", "ecs:DescribeServices",
                "ecs:RegisterTaskDefinition", "secretsmanager:GetSecretValue")), operationsCalled()::toString);
    }

    private static Set<String> readmePolicyActions() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("<!-- iam-policy:start -->\\s*```json\\n(.*?)```\\s*<!-- iam-policy:end -->",
                Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README.md has no ```json block between <!-- iam-policy:start/end --> markers");
        JsonNode policy = new ObjectMapper().readTree(block.group(1));
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : policy.path("Statement")) {
            assertEquals("Allow", statement.path("Effect").asText(), statement::toString);
            JsonNode action = statement.path("Action");
            if (action.isArray()) {
                action.forEach(item -> actions.add(item.asText()));
            } else {
                actions.add(action.asText());
            }
        }
        return actions;
    }

    /** {@code service:Operation} for every SDK client method referenced from the action's compiled classes. */
    static Set<String> operationsCalled() throws IOException {
        assertTrue(Files.isDirectory(CLASSES), "compile first: " + CLASSES + " is missing");
        Set<String> operations = new TreeSet<>();
        try (Stream<Path> files = Files.walk(CLASSES.resolve("dev/ecsdeploy"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = CLASSES.relativize(file).toString();
                if (!relative.endsWith(".class") || relative.startsWith("dev/ecsdeploy/sandbox/")
                        || relative.startsWith("dev/ecsdeploy/Demo")) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    for (String[] ref : methodReferences(in)) {
                        Matcher client = CLIENT.matcher(ref[0]);
                        String method = ref[1].replaceFirst("Paginator$", "");
                        if (client.matches() && !NOT_OPERATIONS.contains(method)) {
                            String service = PREFIX.getOrDefault(client.group(1), client.group(1));
                            operations.add(service + ":" + Character.toUpperCase(method.charAt(0))
                                    + method.substring(1));
                        }
                    }
                }
            }
        }
        return operations;
    }

    /** (owner class, method name) of every Methodref and InterfaceMethodref in a class file's constant pool. */
    private static java.util.List<String[]> methodReferences(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        in.readInt(); // magic
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        Map<Integer, String> utf8 = new HashMap<>();
        Map<Integer, Integer> classNames = new HashMap<>();
        Map<Integer, int[]> nameAndTypes = new HashMap<>();
        Map<Integer, int[]> methodRefs = new HashMap<>();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.put(index, in.readUTF());
                case 7 -> classNames.put(index, in.readUnsignedShort());
                case 10, 11 -> methodRefs.put(index, new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
                case 12 -> nameAndTypes.put(index, new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4, 9, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 5, 6 -> {
                    in.readLong();
                    index++; // takes two slots
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        java.util.List<String[]> references = new java.util.ArrayList<>();
        for (int[] ref : methodRefs.values()) {
            String owner = utf8.get(classNames.get(ref[0]));
            String name = utf8.get(nameAndTypes.get(ref[1])[0]);
            references.add(new String[] {owner, name});
        }
        return references;
    }
}
