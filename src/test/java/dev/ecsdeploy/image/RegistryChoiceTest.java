package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryChoiceTest {
    @ParameterizedTest(name = "''{0}'' -> account {1}, region {2}, host {3}")
    @CsvSource(delimiter = '|', value = {
            "                                                  |              | us-east-1      |",
            "123456789012                                      | 123456789012 | us-east-1      |",
            "210987654321.dkr.ecr.eu-west-1.amazonaws.com      | 210987654321 | eu-west-1      |",
            "https://210987654321.dkr.ecr.eu-west-1.amazonaws.com/ | 210987654321 | eu-west-1  |",
            "210987654321.dkr.ecr-fips.us-gov-west-1.amazonaws.com | 210987654321 | us-gov-west-1 |",
            "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn  | 111122223333 | cn-north-1     |",
            "127.0.0.1:5000                                    |              | us-east-1      | 127.0.0.1:5000",
            "ecr.internal.example.com                          |              | us-east-1      | ecr.internal.example.com",
    })
    void readsAnAccountOrAHost(String input, String account, String region, String host) {
        assertEquals(new RegistryChoice(account, region, host), RegistryChoice.parse(input, "us-east-1"));
    }

    @ParameterizedTest
    @CsvSource({"12345", "my registry", "web", "1234567890123"})
    void rejectsWhatIsNeither(String input) {
        assertThrows(IllegalArgumentException.class, () -> RegistryChoice.parse(input, "us-east-1"));
    }
}
