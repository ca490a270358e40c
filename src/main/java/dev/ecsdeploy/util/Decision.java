package dev.ecsdeploy.util;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class of pure decision logic: it decides from what it is given and calls nothing (no AWS client, no
 * process, no clock of its own), so it is table-tested without a sandbox. The architecture test holds every class
 * marked so to that: it must not depend on an AWS SDK client.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Decision {
}
