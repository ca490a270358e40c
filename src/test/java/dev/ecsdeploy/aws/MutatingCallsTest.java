package dev.ecsdeploy.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** A call that changes something is retried only when AWS answered: never after a timeout or a dropped connection. */
class MutatingCallsTest {
    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("throttled", EcsException.builder().statusCode(400)
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("ThrottlingException").build()).build(), true),
                Arguments.of("503", EcsException.builder().statusCode(503).build(), true),
                Arguments.of("refused (400)", EcsException.builder().statusCode(400).build(), false),
                Arguments.of("connection dropped", SdkClientException.create("Unable to execute HTTP request",
                        new IOException("Unexpected end of file from server")), false),
                Arguments.of("attempt timed out", ApiCallAttemptTimeoutException.create(30_000), false));
    }

    @ParameterizedTest(name = "{0} -> retried: {2}")
    @MethodSource("errors")
    void aMutatingCallIsRetriedOnlyWhenAwsAnswered(String what, Throwable error, boolean retried) {
        assertEquals(retried, MutatingCalls.answeredAndRetryable(error));
    }
}
