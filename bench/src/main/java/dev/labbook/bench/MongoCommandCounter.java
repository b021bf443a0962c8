package dev.labbook.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on the loopback address in front of a MongoDB server that counts the commands
 * clients send through it: each OP_MSG message (opcode 2013) from a client is one command,
 * named by the first key of its body. The driver's own monitoring ({@code hello},
 * {@code isMaster}) is left out. A store opened on {@link #uri()} is measured without a change
 * to it.
 */
final class MongoCommandCounter implements WireCounter {
  private static final int OP_MSG = 2013;
  private static final Set<String> MONITORING =
      Set.of("hello", "ismaster", "isMaster", "ping", "buildInfo", "buildinfo");

  private final InetSocketAddress server;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Map<String, Long> commands = new TreeMap<>();
  private volatile boolean counting;

  MongoCommandCounter(InetSocketAddress server) throws IOException {
    this.server = server;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "mongo-counter-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** The proxy's address as a MongoDB URI (no database). */
  String uri() {
    return "mongodb://127.0.0.1:" + listener.getLocalPort();
  }

  @Override
  public String[] kinds() {
    return new String[] {"commands"};
  }

  @Override
  public synchronized void start() {
    commands.clear();
    counting = true;
  }

  @Override
  public synchronized long[] stop() {
    counting = false;
    return new long[] {commands.values().stream().mapToLong(Long::longValue).sum()};
  }

  /** The commands counted since the last start, by name. */
  synchronized Map<String, Long> lastCommands() {
    return new TreeMap<>(commands);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket upstream = new Socket(server.getAddress(), server.getPort());
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        daemon(() -> forward(client, upstream, true));
        daemon(() -> forward(upstream, client, false));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Copies whole messages (16-byte header, then the rest), looking into those from the client. */
  private void forward(Socket from, Socket to, boolean fromClient) {
    try (from; to) {
      DataInputStream in = new DataInputStream(from.getInputStream());
      OutputStream out = to.getOutputStream();
      byte[] header = new byte[16];
      while (true) {
        in.readFully(header);
        int length = littleEndian(header, 0);
        byte[] body = new byte[length - 16];
        in.readFully(body);
        if (fromClient && counting && littleEndian(header, 12) == OP_MSG) {
          count(commandName(body));
        }
        out.write(header);
        out.write(body);
        out.flush();
      }
    } catch (IOException e) {
      // a side closed: the other is closed with it
    }
  }

  private synchronized void count(String name) {
    if (counting && !MONITORING.contains(name)) {
      commands.merge(name, 1L, Long::sum);
    }
  }

  /** OP_MSG: flag bits, then section kind 0 and its BSON document, whose first key names the command. */
  private static String commandName(byte[] body) {
    int at = 4;
    if (body.length < at + 1 + 4 + 1 || body[at] != 0) {
      return "?";
    }
    at += 1 + 4 + 1; // kind, document length, first element's type
    int end = at;
    while (end < body.length && body[end] != 0) {
      end++;
    }
    return new String(body, at, end - at, StandardCharsets.UTF_8);
  }

  private static int littleEndian(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
  }

  private static void daemon(Runnable task) {
    Thread t = new Thread(task, "mongo-counter-copy");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
