package org.carbonregistry.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a handler method that reads the caller's key: the endpoint is public, a key only shows more (or answers a
 * question only a key holder may ask). {@link ApiDocumentation} documents its bearer security as optional; without
 * this mark an endpoint that reads the key documents it as required.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface KeyOptional {
}
