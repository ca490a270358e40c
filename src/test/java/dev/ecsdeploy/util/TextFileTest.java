package dev.ecsdeploy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "0010644, a named pipe (FIFO)",
        "0020666, a character device",
        "0060660, a block device",
        "0140777, a socket",
        "0040755, a directory",
    })
    void fileKindsFromTheirModeBits(String octalMode, String kind) {
        assertEquals(kind, TextFile.kindOfMode(Integer.parseInt(octalMode, 8)));
    }

    @Test
    void aDirectoryIsNamedForWhatItIs() {
        TextFile.Unreadable error = assertThrows(TextFile.Unreadable.class, () -> TextFile.read(dir, "apps"));
        assertEquals("apps is a directory, not a file; give the path of a file.", error.getMessage());
    }

    @Test
    void aMissingFileSaysSo() {
        TextFile.Unreadable error = assertThrows(TextFile.Unreadable.class,
                () -> TextFile.read(dir.resolve("nope.json"), "nope.json"));
        assertTrue(error.getMessage().startsWith("nope.json does not exist"), error.getMessage());
    }

    @Test
    void aDeviceIsNamedForWhatItIs() {
        TextFile.Unreadable error = assertThrows(TextFile.Unreadable.class,
                () -> TextFile.read(Path.of("/dev/null"), "/dev/null"));
        assertEquals("/dev/null is a character device, not a file; give the path of a file.", error.getMessage());
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("td.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        // Opening a FIFO with no writer blocks forever; the check must not open it.
        TextFile.Unreadable error = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(TextFile.Unreadable.class, () -> TextFile.read(fifo, "td.json")));
        assertEquals("td.json is a named pipe (FIFO), not a file; give the path of a file.", error.getMessage());
    }

    @Test
    void otherEncodingsAreNamedWithTheByteAndLine() throws Exception {
        Path latin1 = dir.resolve("td.json");
        Files.write(latin1, "{\n  \"family\": \"web\",\n  \"x\": \"caf\u00e9\"\n}".getBytes(StandardCharsets.ISO_8859_1));
        TextFile.Unreadable error = assertThrows(TextFile.Unreadable.class, () -> TextFile.read(latin1, "td.json"));
        assertEquals("td.json is not UTF-8: byte 0xE9 at line 3; save it as UTF-8.", error.getMessage());
        assertEquals(3, error.line());

        Path utf16 = dir.resolve("utf16.json");
        Files.write(utf16, "{}".getBytes(StandardCharsets.UTF_16));
        TextFile.Unreadable utf16Error = assertThrows(TextFile.Unreadable.class, () -> TextFile.read(utf16, "u.json"));
        assertTrue(utf16Error.getMessage().contains("is UTF-16"), utf16Error.getMessage());

        Path ff = dir.resolve("ff.json");
        Files.write(ff, new byte[] {'{', '\n', '\n', (byte) 0xFF, '}'});
        assertEquals("ff.json is not UTF-8: byte 0xFF at line 3; save it as UTF-8.",
                assertThrows(TextFile.Unreadable.class, () -> TextFile.read(ff, "ff.json")).getMessage());
    }

    @Test
    void aUtf8ByteOrderMarkIsAcceptedAndDropped() throws Exception {
        Path bom = dir.resolve("td.json");
        Files.write(bom, "\uFEFF{\"family\": \"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"family\": \"caf\u00e9\"}", TextFile.read(bom, "td.json"));
    }

    @Test
    void aHugeFileIsRefusedNotRead() throws Exception {
        Path big = dir.resolve("big.json");
        try (var channel = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {' '}), TextFile.MAX_BYTES);
        }
        TextFile.Unreadable error = assertThrows(TextFile.Unreadable.class, () -> TextFile.read(big, "big.json"));
        assertTrue(error.getMessage().contains("larger than 4 MiB"), error.getMessage());
    }
}
