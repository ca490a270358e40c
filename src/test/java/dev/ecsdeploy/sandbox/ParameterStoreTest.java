package dev.ecsdeploy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeploy.sandbox.ssm.ParameterStore;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a task's Parameter Store {@code valueFrom} resolves: by name or full ARN, in this account only. */
class ParameterStoreTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/demo/web/DB_URL                                                   | ",
        "arn:aws:ssm:us-east-1:123456789012:parameter/demo/web/DB_URL       | ",
        "/demo/web/DB_URL:1                                                 | ",
        "PLAIN                                                              | ",
        "arn:aws:ssm:us-east-1:123456789012:parameter/PLAIN                 | ",
        "/demo/web/DB_URL:2                                                 | /demo/web/DB_URL:2",
        "arn:aws:ssm:us-east-1:123456789012:parameter/nope                  | /nope",
        "arn:aws:ssm:us-east-1:999999999999:parameter/demo/web/DB_URL       | /demo/web/DB_URL",
        "nope                                                               | nope",
    })
    void resolves(String valueFrom, String missing) {
        ParameterStore store = new ParameterStore("us-east-1", "123456789012");
        store.add(new ParameterStore.Parameter("/demo/web/DB_URL", "SecureString", "v", 1, Instant.EPOCH));
        store.add(new ParameterStore.Parameter("PLAIN", "String", "p", 1, Instant.EPOCH));
        assertEquals(Optional.ofNullable(missing).map(name -> "unable to retrieve secrets from ssm: service call has"
                + " been retried 1 time(s): invalid ssm parameters: " + name), store.problemWith(valueFrom));
    }
}
