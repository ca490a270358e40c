package dev.ecsdeploy.pipeline;

import java.util.Objects;

/**
 * The name and type of one result a step hands on through {@link RunState}. Keys compare by identity: each is a
 * constant owned by the stage that writes it, so two stages cannot collide on a name.
 *
 * @param <T> what the result is
 */
public final class ResultKey<T> {
    private final String name;
    private final Class<T> type;

    private ResultKey(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
    }

    /** @param name what the result is, in words, for the error when a step reads it before it exists */
    public static <T> ResultKey<T> of(String name, Class<T> type) {
        return new ResultKey<>(name, type);
    }

    public String name() {
        return name;
    }

    T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
