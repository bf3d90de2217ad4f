// A vitest reporter that prints flat TAP version 14 for the VM runner: one
// "# running: NAME" line when a test starts (so a guest that hangs names the
// test), then "ok"/"not ok" with a YAML block for failures, and the plan last.
// Before the plan, one "# module: FILE tests=N ms=D" comment per test file (slowest first), so
// a run in the guest shows where its time went.
// vitest's own `tap` reporters print TAP version 13 and no running lines.
import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';

function clean(text: string): string {
  return text.replace(/#/g, '\\#').replace(/\s+/g, ' ').trim();
}

function yaml(lines: string[]): string {
  return ['  ---', ...lines.map((l) => `  ${l}`), '  ...'].join('\n');
}

function block(key: string, text: string): string[] {
  return [`${key}: |-`, ...text.split('\n').slice(0, 40).map((l) => `  ${l}`)];
}

export default class TapReporter implements Reporter {
  private n = 0;

  private out(text: string): void {
    process.stdout.write(text + '\n');
  }

  private nameOf(test: TestCase): string {
    return clean(`${test.module.relativeModuleId} > ${test.fullName}`);
  }

  onInit(): void {
    this.out('TAP version 14');
  }

  onTestCaseReady(test: TestCase): void {
    this.out(`# running: ${this.nameOf(test)}`);
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    const id = ++this.n;
    const name = this.nameOf(test);
    if (result.state === 'failed') {
      const lines: string[] = [];
      for (const err of result.errors) {
        lines.push(...block('message', err.message ?? String(err)));
        if (err.stack) lines.push(...block('stack', err.stack));
      }
      this.out(`not ok ${id} - ${name}\n${yaml(lines)}`);
    } else if (result.state === 'skipped') {
      const directive = test.options.mode === 'todo' ? 'TODO' : 'SKIP';
      // The reason a host probe gave (test/helpers/host), or a ctx.skip(note).
      const why = test.meta().skipReason ?? result.note;
      this.out(`ok ${id} - ${name} # ${directive}${why ? ` ${clean(why)}` : ''}`);
    } else {
      const ms = test.diagnostic()?.duration;
      this.out(`ok ${id} - ${name}${ms === undefined ? '' : ` # time=${Math.round(ms)}ms`}`);
    }
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    // A file that failed to load has no test cases: report it as one failure.
    for (const mod of modules) {
      const errors = mod.errors();
      if (errors.length === 0) continue;
      const lines = errors.flatMap((e) => block('message', e.message ?? String(e)));
      this.out(`not ok ${++this.n} - ${clean(mod.relativeModuleId)} (module failed)\n${yaml(lines)}`);
    }
    for (const err of unhandled) {
      this.out(`not ok ${++this.n} - unhandled error\n${yaml(block('message', err.message ?? String(err)))}`);
    }
    const timed = modules.map((m) => ({ id: m.relativeModuleId, n: [...m.children.allTests()].length, ms: m.diagnostic().duration }))
      .sort((a, b) => b.ms - a.ms);
    for (const m of timed) this.out(`# module: ${clean(m.id)} tests=${m.n} ms=${Math.round(m.ms)}`);
    this.out(`1..${this.n}`);
  }
}
