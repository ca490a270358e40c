package dev.ecsdeploy.pipeline;

/**
 * The task definition revision this run deploys.
 *
 * @param arn         the revision's ARN (null until registered, in a dry run)
 * @param family      its family
 * @param revision    its revision number (0 until registered)
 * @param previousArn what the service ran before (null when there is no service)
 * @param registered  true when this run registered a new revision; false when the rendered one equalled the current
 */
public record TaskDefinitionRef(String arn, String family, int revision, String previousArn, boolean registered) {
}
