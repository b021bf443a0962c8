package dev.labbook.store.mongo;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import dev.labbook.codec.CodecRegistry;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.StoreSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;

/**
 * A MongoDB store opened with a command listener that records every command the driver sends
 * and every reply, so that tests can count round trips and see what the server was asked.
 */
final class CountedStore implements AutoCloseable {
  /** One command sent to the server and the reply it got (null while unanswered). */
  record Command(String name, BsonDocument command, BsonDocument reply) {}

  final MongoStore store;
  private final List<Command> commands = new ArrayList<>();

  CountedStore(TestServer server, String database) {
    CommandListener listener = new CommandListener() {
      @Override
      public void commandStarted(CommandStartedEvent event) {
        synchronized (commands) {
          commands.add(new Command(event.getCommandName(), event.getCommand().clone(), null));
        }
      }

      @Override
      public void commandSucceeded(CommandSucceededEvent event) {
        synchronized (commands) {
          for (int i = commands.size() - 1; i >= 0; i--) {
            Command c = commands.get(i);
            if (c.name().equals(event.getCommandName()) && c.reply() == null) {
              commands.set(i, new Command(c.name(), c.command(), event.getResponse().clone()));
              break;
            }
          }
        }
      }
    };
    StoreSettings settings = StoreSettings.of(server.uri(), Map.of("database", database));
    StoreContext context = StoreContext.of(settings, CodecRegistry.withDiscoveredModules(), Clock.systemUTC());
    store = MongoStore.open(context, MongoStoreOptions.of(settings), listener);
  }

  /** The commands sent since the last call, and forgets them. */
  List<Command> take() {
    synchronized (commands) {
      List<Command> taken = List.copyOf(commands);
      commands.clear();
      return taken;
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
