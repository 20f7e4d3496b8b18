/**
 * Runs `action` with `environment` applied to `process.env`, where `undefined` removes a
 * variable, and restores the previous values afterwards, also when `action` throws. It suits
 * settings that an app reads only while it is created.
 */
export async function withEnvironment<T>(
  environment: Record<string, string | undefined>,
  action: () => Promise<T>,
): Promise<T> {
  const previous = new Map(Object.keys(environment).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(environment)) {
    setVariable(name, value);
  }

  try {
    return await action();
  } finally {
    for (const [name, value] of previous) {
      setVariable(name, value);
    }
  }
}

function setVariable(name: string, value: string | undefined): void {
  if (value === undefined) {
    delete process.env[name];
  } else {
    process.env[name] = value;
  }
}
