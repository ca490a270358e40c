package dev.ecsdeploy.sandbox.ecr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** ECR repositories. Guarded by the world lock. */
public final class Repositories {
    public record Repository(String name, String arn, String uri, String registryId, Instant createdAt,
                             String tagMutability) {
    }

    private final Map<String, Repository> repositories = new LinkedHashMap<>();
    private final String region;
    private final String account;
    private final String host;

    /** @param registry the real registry standing in for ECR storage, or null */
    public Repositories(String region, String account, String registry) {
        this.region = region;
        this.account = account;
        this.host = registry != null ? registry : ecrHost(account, region);
    }

    public static String ecrHost(String account, String region) {
        return account + ".dkr.ecr." + region + ".amazonaws.com";
    }

    /** Where images of this world live: the real registry when one is given, else the account's ECR host. */
    public String host() {
        return host;
    }

    public Repository create(String name, String tagMutability, Instant at) {
        Repository repository = new Repository(name, "arn:aws:ecr:" + region + ":" + account + ":repository/" + name,
                host + "/" + name, account, at, tagMutability == null ? "MUTABLE" : tagMutability);
        repositories.put(name, repository);
        return repository;
    }

    public Optional<Repository> find(String name) {
        return Optional.ofNullable(repositories.get(name));
    }

    public List<Repository> all() {
        return new ArrayList<>(repositories.values());
    }
}
