// Sorting the many short lists of a large analysis (a conflict's grants, its systems, a person's accounts): an
// insertion sort in place for a short list, the built-in sort otherwise. The built-in sort allocates a work copy on
// every call, which across hundreds of thousands of one- to five-item lists is most of the garbage an analysis makes.
// Both are stable, so the order is the same either way.
const SHORT = 12;

export function sortInPlace<T>(xs: T[], compare: (a: T, b: T) => number): T[] {
  if (xs.length > SHORT) return xs.sort(compare);
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!;
    let j = i - 1;
    while (j >= 0 && compare(xs[j]!, x) > 0) {
      xs[j + 1] = xs[j]!;
      j--;
    }
    xs[j + 1] = x;
  }
  return xs;
}

// An array pushed to from empty keeps room for 16 more items; a short list kept in a large result is copied to its
// exact size, so that tens of thousands of them do not hold (and the garbage collector copy) the spare room.
export const exactSize = <T>(xs: T[]): T[] => (xs.length <= 8 ? xs.slice() : xs);
