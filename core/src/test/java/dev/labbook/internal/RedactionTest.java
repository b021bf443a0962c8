package dev.labbook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

  @ParameterizedTest(name = "{0} shows as {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      // user info
      "postgresql://bob:s3cret@h/db                       | postgresql://bob:***@h/db",
      "postgresql://bob:s3cret@h:5432/db?ssl=true         | postgresql://bob:***@h:5432/db?ssl=true",
      "jdbc:postgresql://bob:s3cret@h/db                  | jdbc:postgresql://bob:***@h/db",
      "mongodb+srv://bob:s3cret@cluster0.example.net/db   | mongodb+srv://bob:***@cluster0.example.net/db",
      "mongodb://bob:s3cret@h1:27017,h2:27017/db          | mongodb://bob:***@h1:27017,h2:27017/db",
      "postgresql://bob:@h/db                             | postgresql://bob:***@h/db",
      // passwords pasted without percent-encoding
      "postgresql://u:p@ss@host/db                        | postgresql://u:***@host/db",
      "postgresql://u:p:ss@host/db                        | postgresql://u:***@host/db",
      "postgresql://u:p/ss@host/db                        | postgresql://u:***@host/db",
      "postgresql://u:p%40ss@host/db                      | postgresql://u:***@host/db",
      "postgresql://u:p?ss@host/db                        | postgresql://u:***@host/db",
      "postgresql://u:p#ss@host/db                        | postgresql://u:***@host/db",
      "postgresql://u:a@b/c?d@host/db?ssl=true            | postgresql://u:***@host/db?ssl=true",
      "postgresql://u:Tr0ub4dor&3@host/db                 | postgresql://u:***@host/db",
      "postgresql://bob@srv:s3cret@host/db                | postgresql://bob@srv:***@host/db",
      // forgotten or broken scheme
      "bob:s3cret@host/db                                 | bob:***@host/db",
      "//bob:s3cret@host/db                               | //bob:***@host/db",
      "post gres://bob:s3cret@host/db                     | post gres://bob:***@host/db",
      // password-like parameters
      "jdbc:postgresql://h/db?user=bob&password=s3cret    | jdbc:postgresql://h/db?user=bob&password=***",
      "jdbc:postgresql://h/db?password=s3cret&user=bob    | jdbc:postgresql://h/db?password=***&user=bob",
      "jdbc:postgresql://h/db?PASSWORD=s3cret             | jdbc:postgresql://h/db?PASSWORD=***",
      "jdbc:postgresql://h/db?sslpassword=s3cret          | jdbc:postgresql://h/db?sslpassword=***",
      "jdbc:mysql://h/db?user=bob&pwd=s3cret              | jdbc:mysql://h/db?user=bob&pwd=***",
      "jdbc:x://h/db?pass=s3cret;passwd=s3cret            | jdbc:x://h/db?pass=***;passwd=***",
      "mongodb://h/db?access_token=s3cret&x=1             | mongodb://h/db?access_token=***&x=1",
      "mongodb://h/db?apiKey=s3cret                       | mongodb://h/db?apiKey=***",
      "mongodb://h/?authMechanismProperties=AWS_SESSION_TOKEN:s3cret | mongodb://h/?authMechanismProperties=***",
      "jdbc:h2:/data/lab;USER=sa;PASSWORD=s3cret          | jdbc:h2:/data/lab;USER=sa;PASSWORD=***",
      "jdbc:h2:/data/lab;PASSWORD=s3cret;MODE=PostgreSQL  | jdbc:h2:/data/lab;PASSWORD=***;MODE=PostgreSQL",
      "jdbc:postgresql://h/db?password=Tr0ub4dor&3-x&ssl=1 | jdbc:postgresql://h/db?password=***&ssl=1",
      "jdbc:postgresql://h/db?password=a;b=c              | jdbc:postgresql://h/db?password=***;b=c",
      "jdbc:postgresql://h/db?password=                   | jdbc:postgresql://h/db?password=",
      // both
      "postgresql://bob:s3cret@h/db?password=s3cret       | postgresql://bob:***@h/db?password=***",
      // nothing secret: left alone
      "mem:                                               | mem:",
      "json:/data/lab                                     | json:/data/lab",
      "json:/data/x@y:z                                   | json:/data/x@y:z",
      "postgresql://bob@h:5432/db                         | postgresql://bob@h:5432/db",
      "postgresql://h:5432/db?user=bob@server&ssl=true    | postgresql://h:5432/db?user=bob@server&ssl=true",
      "postgresql://[::1]:5432/db                         | postgresql://[::1]:5432/db",
      "mongodb://h/db?replicaSet=rs0&w=majority           | mongodb://h/db?replicaSet=rs0&w=majority",
      "jdbc:h2:/data/lab;MODE=PostgreSQL                  | jdbc:h2:/data/lab;MODE=PostgreSQL",
  })
  void uriRedactionHidesPasswordsAndPasswordLikeParameters(String uri, String shown) {
    assertThat(Redaction.uri(uri)).isEqualTo(shown);
  }

  @Test
  void knownSecretValuesAreHiddenRawAndPercentEncoded() {
    String secret = "p@ss/w rd";

    assertThat(Redaction.uri("json:/x/p@ss/w rd/y", List.of(secret))).isEqualTo("json:/x/***/y");
    assertThat(Redaction.uri("json:/x/p%40ss%2Fw+rd/y", List.of(secret))).isEqualTo("json:/x/***/y");
    assertThat(Redaction.uri("json:/x/p%40ss%2Fw%20rd/y", List.of(secret)))
        .isEqualTo("json:/x/***/y");
  }

  @Test
  void veryShortKnownSecretsAreNotSearchedForSoTheUriStaysReadable() {
    assertThat(Redaction.uri("json:/data/lab", List.of("a"))).isEqualTo("json:/data/lab");
  }

  @Test
  void nullUriShowsAsNull() {
    assertThat(Redaction.uri(null)).isEqualTo("null");
  }

  @Test
  void redactionNeverThrows() {
    String[] odd = {"", ":", "@", "://", "//@", ":@", "?", "?=", "&password=", ";pwd=", "@:@:@",
        "a://b:c@", "x:@", "\u0000:\uD800@"};
    for (String uri : odd) {
      assertThat(Redaction.uri(uri, java.util.Arrays.asList(null, "", "***"))).isNotNull();
    }
  }
}
