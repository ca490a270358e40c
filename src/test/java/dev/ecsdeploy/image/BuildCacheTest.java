package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.image.BuildCache.Engine;
import dev.ecsdeploy.image.CacheSpec.Direction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BuildCacheTest {
    private static final String ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FROM|" + ECR + ":latest|type=registry,ref=" + ECR + ":latest",
            "FROM|type=registry,ref=" + ECR + ":cache|type=registry,ref=" + ECR + ":cache",
            "FROM|ref=" + ECR + ":cache|type=registry,ref=" + ECR + ":cache",
            "FROM|type=local,src=/tmp/.buildx-cache|type=local,src=/tmp/.buildx-cache",
            "FROM|type=gha|type=gha",
            "TO|type=inline|type=inline",
            "TO|type=registry,ref=" + ECR + ":cache,mode=max|type=registry,mode=max,ref=" + ECR + ":cache",
            "TO|type=local,dest=/tmp/cache,mode=min|type=local,dest=/tmp/cache,mode=min",
            "TO|type=gha,mode=max,scope=web|type=gha,mode=max,scope=web",
    })
    void buildPushActionSyntaxIsRead(Direction direction, String line, String canonical) {
        assertEquals(canonical, CacheSpec.parse(line, direction).canonical());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FROM|type=inline|type=registry,ref=IMAGE",
            "FROM|type=registy,ref=x|Did you mean registry",
            "FROM|type=registry|needs ref=",
            "FROM|type=local,dest=/tmp/x|has no attribute \"dest\"",
            "FROM|type=registry,ref=x,mode=max|has no attribute \"mode\"",
            "TO|type=local,src=/tmp/x|has no attribute \"src\"",
            "TO|type=registry,ref=x,mode=maximum|mode is min or max",
            "TO|type=inline,mode=max|type=inline has no attribute \"mode\"",
            "TO|type=s3,bucket=b|unknown type \"s3\"",
            "TO|type=registry,ref=x,ref=y|ref is given twice",
            "TO|type=registry,ref=|is not key=value",
    })
    void badLinesSayWhatIsWrongAndHowToWriteOne(Direction direction, String line, String says) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CacheSpec.parse(line, direction));
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertTrue(e.getMessage().startsWith("\"" + line + "\": "), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // the 20.10 CLI: image references in, inline cache out, nothing else
            "BUILTIN|-|FROM|type=registry,ref=r:latest|true",
            "BUILTIN|-|FROM|type=local,src=/c|false",
            "BUILTIN|-|FROM|type=gha|false",
            "BUILTIN|-|TO|type=inline|true",
            "BUILTIN|-|TO|type=registry,ref=r:cache,mode=max|false",
            "BUILTIN|-|TO|type=local,dest=/c|false",
            // buildx: everything, but the docker driver exports only inline
            "BUILDX|docker-container|FROM|type=local,src=/c|true",
            "BUILDX|docker-container|TO|type=registry,ref=r:cache,mode=max|true",
            "BUILDX|docker|TO|type=registry,ref=r:cache,mode=max|false",
            "BUILDX|docker|TO|type=inline|true",
            "BUILDX|docker|FROM|type=gha|true",
    })
    void eachEngineTakesTheCachesItCan(Engine engine, String driver, Direction direction, String line,
                                       boolean supported) {
        String problem = BuildCache.unsupported(CacheSpec.parse(line, direction), direction, engine, driver);
        assertEquals(supported, problem == null, problem);
    }

    @Test
    void theBuiltInEngineNamesTheWayOutWhenACacheNeedsBuildx() {
        String problem = BuildCache.unsupported(CacheSpec.parse("type=registry,ref=r:cache,mode=max", Direction.TO),
                Direction.TO, Engine.BUILTIN, null);
        assertTrue(problem.contains("needs the buildx plugin"), problem);
        assertTrue(problem.contains("type=inline"), problem);
    }

    @Test
    void byDefaultTheBuildReadsTheLastPushedImageAndWritesInlineCache() {
        BuildCache builtin = new BuildCache(List.of(), List.of(), false, Engine.BUILTIN);
        assertEquals(List.of("--cache-from", ECR + ":latest", "--cache-from", ECR + ":v1.4.1",
                "--build-arg", "BUILDKIT_INLINE_CACHE=1"), builtin.arguments(List.of(ECR + ":latest", ECR + ":v1.4.1")));
        assertEquals(List.of("--build-arg", "BUILDKIT_INLINE_CACHE=1"), builtin.arguments(List.of()),
                "a first build reads nothing and still writes the cache for the next");

        BuildCache buildx = new BuildCache(List.of(), List.of(), false, Engine.BUILDX);
        assertEquals(List.of("--cache-from", "type=registry,ref=" + ECR + ":latest", "--cache-to", "type=inline"),
                buildx.arguments(List.of(ECR + ":latest")));
    }

    @Test
    void givenCachesReplaceTheDefaultsAndNoCacheTurnsEverythingOff() {
        List<CacheSpec> from = CacheSpec.parseAll(List.of(ECR + ":cache"), Direction.FROM);
        List<CacheSpec> to = CacheSpec.parseAll(List.of("type=registry,ref=" + ECR + ":cache,mode=max"), Direction.TO);
        assertEquals(List.of("--cache-from", ECR + ":cache", "--build-arg", "BUILDKIT_INLINE_CACHE=1"),
                new BuildCache(from, List.of(), false, Engine.BUILTIN).arguments(List.of(ECR + ":latest")));
        assertEquals(List.of("--cache-from", "type=registry,ref=" + ECR + ":cache",
                        "--cache-to", "type=registry,mode=max,ref=" + ECR + ":cache"),
                new BuildCache(from, to, false, Engine.BUILDX).arguments(List.of(ECR + ":latest")));
        assertEquals(List.of(), new BuildCache(from, to, true, Engine.BUILDX).arguments(List.of(ECR + ":latest")));
        assertEquals(List.of(), new BuildCache(List.of(), List.of(), true, Engine.BUILTIN)
                .arguments(List.of(ECR + ":latest")));
    }

    @Test
    void theLastPushedImageIsLatestAndANewerVersionOnlyPushWhenThereIsOne() {
        Instant t1 = Instant.parse("2026-11-01T00:00:00Z");
        Instant t2 = Instant.parse("2026-11-02T00:00:00Z");
        Instant t3 = Instant.parse("2026-11-03T00:00:00Z");
        assertEquals(List.of(), LastPushedImage.cacheTags(List.of()), "a first run has nothing");
        assertEquals(List.of("latest"), LastPushedImage.cacheTags(List.of(
                new LastPushedImage.Pushed(List.of("v1.0.0"), t1),
                new LastPushedImage.Pushed(List.of("v1.1.0", "latest"), t2))));
        assertEquals(List.of("latest", "v1.2.0"), LastPushedImage.cacheTags(List.of(
                new LastPushedImage.Pushed(List.of("v1.1.0", "latest"), t2),
                new LastPushedImage.Pushed(List.of("v1.2.0"), t3))), "tag-latest: false pushed after latest");
        assertEquals(List.of("v1.1.0"), LastPushedImage.cacheTags(List.of(
                new LastPushedImage.Pushed(List.of("v1.0.0"), t1),
                new LastPushedImage.Pushed(List.of("v1.1.0"), t2))), "no latest: the newest push");
        assertEquals(List.of("v1.1.0"), LastPushedImage.cacheTags(List.of(
                new LastPushedImage.Pushed(List.of("sha-9f1c2d3", "v1.1.0"), t2))), "one tag of the image");
    }

    @Test
    void unreadableCachesAreFoundInTheBuildLogWithBuildKitsReason() {
        CacheImportLog log = new CacheImportLog();
        List.of("#4 [1/3] FROM docker.io/library/busybox:1",
                "#8 importing cache manifest from 127.0.0.1:5000/web:latest",
                "#9 importing cache manifest from 127.0.0.1:1/web:latest",
                "#8 ERROR: 127.0.0.1:5000/web:latest: not found",
                "#10 importing cache manifest from 127.0.0.1:5000/web:v1.4.1",
                "#10 DONE 0.1s",
                "#9 ERROR: failed to do request: Head \"http://127.0.0.1:1/v2/web/manifests/latest\": dial tcp"
                        + " 127.0.0.1:1: connect: connection refused",
                "#5 ERROR: process \"/bin/sh -c false\" did not complete successfully").forEach(log);

        assertEquals(Map.of("127.0.0.1:5000/web:latest", "127.0.0.1:5000/web:latest: not found",
                "127.0.0.1:1/web:latest", "failed to do request: Head \"http://127.0.0.1:1/v2/web/manifests/latest\":"
                        + " dial tcp 127.0.0.1:1: connect: connection refused"), log.unreadable());
        assertTrue(CacheImportLog.notice("r:latest", "r:latest: not found").contains("first run"));
        assertTrue(CacheImportLog.notice("r:latest", "connection refused").contains("could not be read"));
        assertNull(log.unreadable().get("127.0.0.1:5000/web:v1.4.1"));
    }
}
