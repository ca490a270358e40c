package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildSecretTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "id=npm_token,env=NPM_TOKEN         | npm_token | NPM_TOKEN |             | id=npm_token,env=NPM_TOKEN",
            "' id = npm , env = TOKEN '         | npm       | TOKEN     |             | id=npm,env=TOKEN",
            "id=netrc,src=.secrets/netrc        | netrc     |           | .secrets/netrc | id=netrc,src=/ws/.secrets/netrc",
            "env=GH_TOKEN,id=gh.token-1         | gh.token-1 | GH_TOKEN |             | id=gh.token-1,env=GH_TOKEN",
    })
    void parses(String line, String id, String env, String src, String cliArgument) {
        BuildSecret secret = BuildSecret.parseAll(List.of(line)).getFirst();
        assertEquals(new BuildSecret(id, env, src), secret);
        assertEquals(cliArgument, secret.cliArgument("/ws/" + src));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "npm_token                          | is not key=value",
            "env=NPM_TOKEN                      | id is missing",
            "id=npm                             | exactly one source",
            "id=npm,env=A,src=b                 | exactly one source",
            "id=npm,value=hunter2              | unknown key \"value\"",
            "id=npm,env=                        | env is empty",
            "id=npm token,env=A                 | may contain only",
            "id=npm,env=NPM-TOKEN               | not an environment variable name",
            "id=npm,id=other,env=A              | id is given twice",
    })
    void rejectsSayingWhatIsWrongAndHowToWriteIt(String line, String why) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> BuildSecret.parseAll(List.of(line)));
        assertTrue(error.getMessage().contains(why), error.getMessage());
        assertTrue(error.getMessage().contains("id=NAME,env=VARIABLE or id=NAME,src=PATH"), error.getMessage());
    }

    @org.junit.jupiter.api.Test
    void rejectsTheSameIdTwice() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> BuildSecret.parseAll(List.of("id=npm,env=A", "id=npm,src=file")));
        assertTrue(error.getMessage().contains("\"npm\" is given twice"), error.getMessage());
    }
}
