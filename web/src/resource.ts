// A GET request as state: loading, error (with the server's message) or data; reload on demand.
import { useEffect, useState } from 'preact/hooks';
import { get, type ApiError } from './api.ts';

export interface Resource<T> {
  loading: boolean;
  error: ApiError | null;
  data: T | null;
  reload: () => void;
}

export function useResource<T>(path: string | null): Resource<T> {
  const [state, setState] = useState<{ loading: boolean; error: ApiError | null; data: T | null }>({ loading: true, error: null, data: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    void get<T>(path).then((r) => {
      if (!live) return;
      setState(r.ok ? { loading: false, error: null, data: r.value } : { loading: false, error: r.error, data: null });
    });
    return () => {
      live = false;
    };
  }, [path, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}
