package dev.ecsdeploy.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * A file the user named (task definition, config, version file, AppSpec, Slack payload), read as UTF-8 text. The
 * file type is checked before anything opens it, so a FIFO cannot hang the run and a directory or device is named
 * for what it is; the bytes are decoded strictly, so a file in another encoding is named rather than half-read.
 */
public final class TextFile {
    /** Far beyond any task definition (64 KiB at AWS) or config file; a bigger file is a wrong path, not input. */
    static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TextFile() {
    }

    /** Why a file could not be read as text, in words for the user; {@code line} where the fault is, or null. */
    public static class Unreadable extends Exception {
        private final Integer line;

        Unreadable(String message, Integer line) {
            super(message);
            this.line = line;
        }

        public Integer line() {
            return line;
        }
    }

    /** The text of {@code file}, without a UTF-8 byte order mark. {@code displayName} is how messages name it. */
    public static String read(Path file, String displayName) throws Unreadable {
        checkIsRegularFile(file, displayName);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        } catch (IOException e) {
            throw new Unreadable(displayName + " cannot be read (" + reason(e) + ").", null);
        }
        if (bytes.length > MAX_BYTES) {
            throw new Unreadable(displayName + " is larger than " + MAX_BYTES / (1024 * 1024) + " MiB; check the path.",
                    null);
        }
        return decode(bytes, displayName);
    }

    /** Refuses anything but a regular file (after following links), naming what it is instead. */
    static void checkIsRegularFile(Path file, String displayName) throws Unreadable {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new Unreadable(displayName + " does not exist; check the path (relative to the workspace).", null);
        } catch (IOException e) {
            throw new Unreadable(displayName + " cannot be read (" + reason(e) + ").", null);
        }
        if (attributes.isRegularFile()) {
            return;
        }
        String kind = attributes.isDirectory() ? "a directory" : otherKind(file);
        throw new Unreadable(displayName + " is " + kind + ", not a file; give the path of a file.", null);
    }

    /** FIFO, device or socket, from the Unix mode bits where the platform has them. */
    private static String otherKind(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return kindOfMode(mode);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "not a regular file";
        }
    }

    /** The S_IFMT bits of a Unix mode in words (see stat(2)). */
    static String kindOfMode(int mode) {
        return switch (mode & 0170000) {
            case 0010000 -> "a named pipe (FIFO)";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            case 0040000 -> "a directory";
            default -> "not a regular file";
        };
    }

    /** Strict UTF-8: the first byte that is not UTF-8 is named with its line; a UTF-8 BOM is dropped. */
    static String decode(byte[] bytes, String displayName) throws Unreadable {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw new Unreadable(displayName + " is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8;"
                    + " save it as UTF-8.", 1);
        }
        int start = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            throw new Unreadable(displayName + " is not UTF-8: byte 0x"
                    + String.format(Locale.ROOT, "%02X", bytes[at] & 0xFF) + " at line " + lineAt(bytes, at)
                    + "; save it as UTF-8.", lineAt(bytes, at));
        }
        return out.flip().toString();
    }

    private static int lineAt(byte[] bytes, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName();
    }
}
