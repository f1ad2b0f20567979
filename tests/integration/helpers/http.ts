// Plain HTTP against the running server, as a browser would send it: session cookie, Origin.
export interface Session {
  cookie: string;
}

export async function signInHttp(base: string, email: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${email} answered ${res.status}: ${await res.text()}`);
  const set = res.headers.get("set-cookie") ?? "";
  const cookie = /pfh_session=[^;]+/.exec(set)?.[0];
  if (!cookie) throw new Error(`sign-in as ${email} set no session cookie: ${set}`);
  return { cookie };
}

export interface HttpResult {
  status: number;
  location: string | null;
  contentType: string;
  body: string;
}

export async function request(base: string, path: string, opts: { session?: Session | null; method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<HttpResult> {
  const res = await fetch(`${base}${path}`, {
    method: opts.method ?? "GET",
    redirect: "manual",
    headers: {
      ...(opts.session ? { cookie: opts.session.cookie } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...opts.headers,
    },
    body: opts.body,
  });
  return { status: res.status, location: res.headers.get("location"), contentType: res.headers.get("content-type") ?? "", body: await res.text() };
}
