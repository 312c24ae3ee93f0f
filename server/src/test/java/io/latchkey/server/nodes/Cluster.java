package io.latchkey.server.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.App;
import io.latchkey.server.config.Settings;
import io.latchkey.server.core.Environment;
import io.latchkey.server.mail.TestSmtp;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.project.Project;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.MutableClock;
import io.latchkey.server.testing.TestDatabase;
import io.latchkey.server.testing.TestServer;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several production-mode ({@code start}) nodes on one fresh PostgreSQL database, sharing the
 * master key, the public base URL, one real SMTP server (GreenMail) and one clock, as nodes
 * behind a load balancer would. The nodes are started at the same moment, so the first start
 * of the schema is a concurrent one.
 */
final class Cluster implements AutoCloseable {
  static final String BASE_URL = "https://auth.nodes.test";
  private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+stytch_token_type=[^\\s\"'<>]+");

  private final TestDatabase database;
  private final TestSmtp smtp;
  private final MutableClock clock;
  private final App[] nodes;
  private final NewProject project;

  private Cluster(TestDatabase database, TestSmtp smtp, MutableClock clock, App[] nodes, NewProject project) {
    this.database = database;
    this.smtp = smtp;
    this.clock = clock;
    this.nodes = nodes;
    this.project = project;
  }

  static Cluster start(int size) {
    TestDatabase database = TestDatabase.create();
    TestSmtp smtp = TestSmtp.up();
    MutableClock clock = MutableClock.startingNow();
    byte[] masterKey = new byte[32];
    new SecureRandom().nextBytes(masterKey);
    App[] nodes = new App[size];
    ExecutorService starter = Executors.newFixedThreadPool(size);
    try {
      List<Future<App>> starting = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        Settings settings = new Settings(
            false, "127.0.0.1", 0, null, database.jdbcUrl(), null, null, 6, masterKey, BASE_URL,
            smtp.settings(), null, null);
        starting.add(starter.submit(() -> App.start(settings, clock)));
      }
      for (int i = 0; i < size; i++) {
        nodes[i] = starting.get(i).get(120, TimeUnit.SECONDS);
      }
      NewProject project = nodes[0].projects().create("Nodes", Environment.TEST, TestServer.devRedirects());
      return new Cluster(database, smtp, clock, nodes, project);
    } catch (Exception e) {
      for (App node : nodes) {
        if (node != null) {
          node.close();
        }
      }
      smtp.close();
      database.close();
      throw new IllegalStateException("the nodes did not start", e);
    } finally {
      starter.shutdownNow();
    }
  }

  int size() {
    return nodes.length;
  }

  App node(int i) {
    return nodes[i];
  }

  String baseUrl(int i) {
    return TestServer.baseUrlOf(nodes[i]);
  }

  /** The test project's API on node {@code i}. */
  ApiClient client(int i) {
    return new ApiClient(baseUrl(i), projectId(), project.secret());
  }

  Project project() {
    return project.project();
  }

  String projectId() {
    return project.project().projectId();
  }

  String secret() {
    return project.secret();
  }

  MutableClock clock() {
    return clock;
  }

  TestDatabase database() {
    return database;
  }

  TestSmtp smtp() {
    return smtp;
  }

  /** A graceful stop: the node stops serving HTTP, its mail sender finishes the message in hand. */
  void stop(int i) {
    nodes[i].close();
  }

  /**
   * A hard stop, as close as one process can come to a crash of another: the node's database
   * connections are aborted under its in-flight transactions first (PostgreSQL rolls them back,
   * as it does when a process dies), then it stops serving.
   */
  void cutOff(int i) {
    nodes[i].database().close();
    nodes[i].close();
  }

  /** Every message GreenMail received for {@code recipient}, oldest first. */
  List<MimeMessage> mailTo(String recipient) {
    return smtp.inboxOf(recipient);
  }

  /** The magic link of the newest message to {@code recipient}, or null when none came yet. */
  String newestLinkTo(String recipient) {
    List<MimeMessage> mail = mailTo(recipient);
    return mail.isEmpty() ? null : linkIn(mail.get(mail.size() - 1));
  }

  /** Waits (bounded) for the {@code count}-th message to {@code recipient}; returns its link. */
  String awaitLink(String recipient, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      List<MimeMessage> mail = mailTo(recipient);
      if (mail.size() >= count) {
        return linkIn(mail.get(count - 1));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("message " + count + " to " + recipient + " did not arrive");
      }
      pause(20);
    }
  }

  /** The link of the first message to {@code recipient}, or null when none came within {@code wait}. */
  String awaitLinkOrNull(String recipient, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      List<MimeMessage> mail = mailTo(recipient);
      if (!mail.isEmpty()) {
        return linkIn(mail.get(0));
      }
      pause(20);
    }
    return null;
  }

  static String linkIn(MimeMessage message) {
    try {
      Multipart parts = (Multipart) message.getContent();
      BodyPart text = parts.getBodyPart(0);
      Matcher matcher = LINK.matcher((String) text.getContent());
      assertThat(matcher.find()).as("a link in the message").isTrue();
      return matcher.group();
    } catch (IOException | MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    for (App node : nodes) {
      node.close();
    }
    smtp.close();
    database.close();
  }
}
