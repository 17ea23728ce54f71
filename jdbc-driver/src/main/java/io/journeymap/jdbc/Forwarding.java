package io.journeymap.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * A JDBC object that forwards every call to the engine's object except the few it answers
 * itself. JDBC interfaces have hundreds of methods of which the driver changes a handful; a
 * proxy keeps each wrapper down to those, and errors from the engine pass through {@link
 * SqlErrors} on the way out.
 */
abstract class Forwarding implements InvocationHandler {
  /** Returned by {@link #answer} for calls the target should handle. */
  static final Object FORWARD = new Object();

  final Object target;

  Forwarding(Object target) {
    this.target = target;
  }

  static <T> T proxy(Class<T> type, Forwarding handler) {
    return type.cast(Proxy.newProxyInstance(Forwarding.class.getClassLoader(),
        new Class<?>[] {type}, handler));
  }

  /** The wrapper's own answer for {@code method}, or {@link #FORWARD}. */
  abstract Object answer(Object proxy, Method method, Object[] args) throws Throwable;

  @Override
  public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Object[] a = args == null ? new Object[0] : args;
    switch (method.getName()) {
      case "unwrap" -> {
        Class<?> type = (Class<?>) a[0];
        if (type.isInstance(proxy)) {
          return proxy;
        }
        if (type.isInstance(target)) {
          return target;
        }
        return ((Wrapper) target).unwrap(type);
      }
      case "isWrapperFor" -> {
        Class<?> type = (Class<?>) a[0];
        return type.isInstance(proxy) || type.isInstance(target)
            || ((Wrapper) target).isWrapperFor(type);
      }
      case "equals" -> {
        return proxy == a[0];
      }
      case "hashCode" -> {
        return System.identityHashCode(proxy);
      }
      case "toString" -> {
        return getClass().getSimpleName() + "(" + target + ")";
      }
      default -> {
        // answered below
      }
    }
    try {
      Object own = answer(proxy, method, a);
      if (own != FORWARD) {
        return own;
      }
      return method.invoke(target, a);
    } catch (InvocationTargetException e) {
      throw translate(e.getCause());
    } catch (SQLException e) {
      throw SqlErrors.clean(e);
    }
  }

  private static Throwable translate(Throwable t) {
    if (t instanceof SQLException e) {
      return SqlErrors.clean(e);
    }
    if (t instanceof RuntimeException || t instanceof Error) {
      // never a raw runtime exception out of a JDBC call
      return new SQLException(t.getMessage() == null ? t.toString() : t.getMessage(), t);
    }
    return t;
  }
}
