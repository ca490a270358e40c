package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which region an SSM reference is looked up in: its ARN's, else the task's. */
class SsmParametersTest {
    @ParameterizedTest
    @CsvSource({
            "/prod/db-url, us-east-1",
            "db-url, us-east-1",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db-url, eu-west-1",
            "arn:aws:ssm:us-east-1:123456789012:parameter/prod/db-url, us-east-1",
            "arn:aws-cn:ssm:cn-north-1:123456789012:parameter/db, cn-north-1",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x, us-east-1"})
    void aParameterArnNamesItsRegion(String reference, String region) {
        assertEquals(region, SsmParameters.regionOf(reference, "us-east-1"));
    }
}
