package dev.ecsdeploy;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.JobSummary;
import dev.ecsdeploy.pipeline.ImageRef;
import dev.ecsdeploy.pipeline.Outcome;
import dev.ecsdeploy.pipeline.ResolvedVersion;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunState;
import java.util.ArrayList;
import java.util.List;

/**
 * What every run says first, in the job summary and as the log's last line: the command and how it ended, the
 * version, the image with its digest and the {@code config} environment chosen, each only when it was seen.
 */
record RunSummary(String command, String result, String version, String versionSource, String image, String digest,
                  String environment, String configFile, String badInput) {

    RunSummary(String command, String result, String version, String versionSource, String image, String digest,
               String environment, String configFile) {
        this(command, result, version, versionSource, image, digest, environment, configFile, null);
    }

    static RunSummary of(String command, Outcome outcome, RunState state, ActionInputs inputs) {
        ImageRef image = state.get(Results.IMAGE);
        ResolvedVersion version = state.get(Results.VERSION);
        // render, diff and verify take the image input as it is: no image step looks it up.
        String imageUri = image != null ? image.uri() : inputs.isSet(Input.IMAGE) ? inputs.string(Input.IMAGE) : null;
        return new RunSummary(command, result(outcome), version == null ? null : version.version(),
                version == null ? null : version.source(),
                imageUri, image == null ? null : image.digest(),
                inputs.environmentName(), inputs.isGiven(Input.CONFIG) ? inputs.string(Input.CONFIG) : null,
                outcome.exitCode() == Outcome.EXIT_BAD_INPUT ? outcome.failureReason() : null);
    }

    static String result(Outcome outcome) {
        String icon = outcome.skipped() ? "⏭️" : outcome.succeeded() ? "✅" : "❌";
        return icon + " " + outcome.status().name();
    }

    /** The heading alone, for a run that ended before its inputs were known. */
    static String heading(String command, String result) {
        return "### ecs-deploy-action" + (command == null ? "" : " · " + command) + " · " + result + "\n\n";
    }

    String markdown() {
        List<List<String>> rows = new ArrayList<>();
        if (version != null) {
            rows.add(List.of("version", code(version) + (versionSource == null ? "" : " from " + code(versionSource))));
        }
        if (image != null) {
            rows.add(List.of("image", code(image) + (digest == null ? "" : "<br>" + code(digest))));
        }
        if (environment != null) {
            rows.add(List.of("config environment", code(environment) + (configFile == null ? ""
                    : " of " + code(configFile))));
        }
        if (badInput != null) {
            rows.add(List.of("bad input", JobSummary.html(ActionRunner.oneLine(badInput))));
        }
        String heading = heading(command, result);
        if (rows.isEmpty()) {
            return heading;
        }
        JobSummary table = new JobSummary(new dev.ecsdeploy.github.Masker());
        table.table(List.of("", ""), rows);
        return heading + table.markdown();
    }

    /** One line: {@code deploy ✅ SUCCESSFUL: version v1.4.2, image ...@sha256:..., config environment production}. */
    String logLine() {
        List<String> facts = new ArrayList<>();
        if (version != null) {
            facts.add("version " + version);
        }
        if (image != null) {
            facts.add("image " + image + (digest == null ? "" : " (" + digest + ")"));
        }
        if (environment != null) {
            facts.add("config environment " + environment);
        }
        return command + " " + result + (facts.isEmpty() ? "" : ": " + String.join(", ", facts));
    }

    private static String code(String text) {
        return "`" + text.replace("`", "'") + "`";
    }
}
