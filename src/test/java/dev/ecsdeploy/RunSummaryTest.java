package dev.ecsdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The line and table every run ends with: each fact only when it was seen. */
class RunSummaryTest {

    @ParameterizedTest(name = "{7}")
    @CsvSource(delimiter = '|', value = {
            "v1.4.2 | package.json | r/web:v1.4.2 | sha256:abc | production | deploy.yml"
                    + " | deploy ✅ SUCCESSFUL: version v1.4.2, image r/web:v1.4.2 (sha256:abc), config environment production"
                    + " | every fact",
            "v1.4.2 | package.json | r/web:v1.4.2 |            |            |"
                    + " | deploy ✅ SUCCESSFUL: version v1.4.2, image r/web:v1.4.2"
                    + " | no digest seen, no config",
            "       |              |              |            |            |"
                    + " | deploy ✅ SUCCESSFUL"
                    + " | nothing seen",
    })
    void theLogLineSaysWhatWasSeen(String version, String source, String image, String digest, String environment,
                                   String config, String line, String why) {
        RunSummary summary = new RunSummary("deploy", "✅ SUCCESSFUL", version, source, image, digest, environment,
                config);
        assertEquals(line, summary.logLine(), why);
    }

    @org.junit.jupiter.api.Test
    void theTableShowsTheImageWithItsDigestAndTheEnvironmentWithItsFile() {
        RunSummary summary = new RunSummary("deploy", "✅ SUCCESSFUL", "v1.4.2", "apps/web1/package.json",
                "r/web:v1.4.2", "sha256:abc", "production", "deploy.yml");
        assertEquals("""
                ### ecs-deploy-action · deploy · ✅ SUCCESSFUL

                |  |  |
                | --- | --- |
                | version | `v1.4.2` from `apps/web1/package.json` |
                | image | `r/web:v1.4.2`<br>`sha256:abc` |
                | config environment | `production` of `deploy.yml` |

                """, summary.markdown());
    }
}
