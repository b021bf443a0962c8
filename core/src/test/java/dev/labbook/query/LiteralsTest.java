package dev.labbook.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.labbook.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiteralsTest {
  enum Status { RUNNING }

  @Test
  void scalarsBecomeTheMatchingJsonNodes() {
    assertThat(Literals.of("x")).isEqualTo(TextNode.valueOf("x"));
    assertThat(Literals.of(true)).isEqualTo(BooleanNode.TRUE);
    assertThat(Literals.of(7)).isEqualTo(IntNode.valueOf(7));
    assertThat(Literals.of((short) 7)).isEqualTo(IntNode.valueOf(7));
    assertThat(Literals.of((byte) 7)).isEqualTo(IntNode.valueOf(7));
    assertThat(Literals.of(7L)).isEqualTo(LongNode.valueOf(7));
    assertThat(Literals.of(BigInteger.TEN)).isEqualTo(BigIntegerNode.valueOf(BigInteger.TEN));
    assertThat(Literals.of(0.5)).isEqualTo(DoubleNode.valueOf(0.5));
    assertThat(Literals.of(0.5f)).isEqualTo(FloatNode.valueOf(0.5f));
    assertThat(Literals.of(new BigDecimal("1.50"))).isEqualTo(DecimalNode.valueOf(new BigDecimal("1.50")));
  }

  @Test
  void nullIsJsonNull() {
    assertThat(Literals.of(null)).isEqualTo(NullNode.getInstance());
  }

  @Test
  void enumsBecomeTheirName() {
    assertThat(Literals.of(Status.RUNNING)).isEqualTo(TextNode.valueOf("RUNNING"));
  }

  @Test
  void instantsBecomeEpochMilliseconds() {
    assertThat(Literals.of(Instant.parse("2026-01-01T00:00:00.123456Z"))).isEqualTo(LongNode.valueOf(1767225600123L));
  }

  @Test
  void scalarJsonNodesPassThrough() {
    assertThat(Literals.of(TextNode.valueOf("y"))).isEqualTo(TextNode.valueOf("y"));
    assertThat(Literals.of(NullNode.getInstance())).isEqualTo(NullNode.getInstance());
  }

  @Test
  void containerJsonNodesAreRejected() {
    assertThatThrownBy(() -> Literals.of(Json.node("{'a':1}"))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("scalar").hasMessageContaining("OBJECT");
  }

  @Test
  void otherTypesAreRejectedNamingTheType() {
    assertThatThrownBy(() -> Literals.of(LocalDate.of(2026, 1, 1))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("java.time.LocalDate").hasMessageContaining("Instant");
    assertThatThrownBy(() -> Literals.of(List.of(1))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("java.util.");
  }

  @Test
  void filterFactoriesConvertValuesWithLiterals() {
    assertThat(Filter.eq("status", Status.RUNNING))
        .isEqualTo(new Filter.Comparison("status", Operator.EQ, TextNode.valueOf("RUNNING")));
    assertThat(Filter.in("n", 1, "a", null))
        .isEqualTo(new Filter.In("n", List.of(IntNode.valueOf(1), TextNode.valueOf("a"), NullNode.getInstance())));
    assertThatThrownBy(() -> Filter.eq("x", new Object())).isInstanceOf(InvalidInputException.class);
  }
}
