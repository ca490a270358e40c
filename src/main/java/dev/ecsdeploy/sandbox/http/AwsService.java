package dev.ecsdeploy.sandbox.http;

import dev.ecsdeploy.sandbox.core.ServiceHandler;

/**
 * One AWS service as the front sees it.
 *
 * @param name           the audit's service name (the SigV4 signing name: ecs, ecr, logs, monitoring, sts, ...)
 * @param targetPrefix   the {@code X-Amz-Target} prefix (JSON protocols), or the Smithy service name (CBOR)
 * @param modelPackage   the AWS SDK model package that types the requests (null: no type check)
 * @param rulesKey       the key of validation.json (null: no required/enum check)
 * @param validationCode the error code the service uses for an invalid request
 */
public record AwsService(String name, String targetPrefix, String modelPackage, String rulesKey, String validationCode,
                  ServiceHandler handler) {
}
