// Runs in every test file before its tests (setupFiles in the vitest configs). The hook registered
// here runs after the file's own afterAll hooks (after-hooks run in reverse order), once its stores
// are closed and its servers stopped.
import { afterAll } from "vitest";
import { removeTempDirs } from "./tmp";

afterAll(() => removeTempDirs());
