package dev.ecsdeploy.pipeline;

import java.util.List;

/**
 * The image this run deploys, as the image stage hands it on.
 *
 * @param uri        the image by its version tag, e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1.4.2}
 *                   (known at plan time, before anything is built, so the task definition can be rendered first)
 * @param repository the repository URI without a tag
 * @param tags       every tag pushed (or to be pushed)
 * @param digest     {@code sha256:...} as the registry reports it; null until pushed or looked up
 * @param built      true when this run builds and pushes it; false for a pre-built {@code image}
 */
public record ImageRef(String uri, String repository, List<String> tags, String digest, boolean built) {
    public ImageRef withDigest(String newDigest) {
        return new ImageRef(uri, repository, tags, newDigest, built);
    }
}
