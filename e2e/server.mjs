// Starts `cixi-parks serve` on 127.0.0.1 with an ephemeral port, and Chromium from Debian.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const artifacts = join(root, "e2e", "artifacts");

/** The server, started; `url` is where it listens; `stop()` ends it. */
export async function startServer(extra = []) {
  const bin = process.env.CIXI_BIN || join(root, "target", "debug", "cixi-parks");
  const child = spawn(bin, ["serve", "--addr", "127.0.0.1:0", ...extra], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = await new Promise((ok, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error("server did not start: " + seen)), 15000);
    child.stderr.on("data", (chunk) => {
      seen += chunk.toString();
      const m = seen.match(/http:\/\/(127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        ok(`http://${m[1]}`);
      }
    });
    child.on("exit", (code) => fail(new Error(`server exited ${code}: ${seen}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((ok) => {
        child.once("exit", ok);
        child.kill("SIGINT");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

/** Headless Chromium with a fresh profile, no network beyond loopback. */
export async function startBrowser() {
  const profile = mkdtempSync(join(tmpdir(), "cixi-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    acceptDownloads: true,
    locale: "zh-CN",
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
