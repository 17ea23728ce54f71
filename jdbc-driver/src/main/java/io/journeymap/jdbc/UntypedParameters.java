package io.journeymap.jdbc;

import java.lang.reflect.Method;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;

/** Parameters whose number is known but not their types: each reported as a nullable VARCHAR. */
final class UntypedParameters extends Forwarding {
  private final int count;

  private UntypedParameters(int count) {
    super(null);
    this.count = count;
  }

  static ParameterMetaData of(int count) {
    return proxy(ParameterMetaData.class, new UntypedParameters(count));
  }

  @Override
  Object answer(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (name.equals("getParameterCount")) {
      return count;
    }
    int i = (Integer) args[0];
    if (i < 1 || i > count) {
      throw new SQLException("parameter " + i + " does not exist: the query has " + count);
    }
    return switch (name) {
      case "isNullable" -> ParameterMetaData.parameterNullable;
      case "isSigned" -> false;
      case "getPrecision", "getScale" -> 0;
      case "getParameterType" -> Types.VARCHAR;
      case "getParameterTypeName" -> "VARCHAR";
      case "getParameterClassName" -> String.class.getName();
      case "getParameterMode" -> ParameterMetaData.parameterModeIn;
      default -> throw new SQLException(name + " is not available");
    };
  }
}
