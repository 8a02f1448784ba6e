/* Microcontroller benchmark harness for the bundled SSD example: the inputs
 * of examples/ssd_main.c's first case, one call between bench_start() and
 * bench_stop(), then the kept indices. -DBASELINE measures baseline_ssd. */
#include <stdint.h>
#include <stdio.h>

#if defined(BASELINE) || defined(NONE)
#include "baseline_nms.h"
#else
#include "ssd.h"
#endif

enum { N = 1917, K = 10 };

__attribute__((noinline)) void bench_start(void) { __asm__ volatile(""); }
__attribute__((noinline)) void bench_stop(void) { __asm__ volatile(""); }

static uint32_t state = 12345u;
static float uniform(float lo, float hi) {
  state = state * 1664525u + 1013904223u;
  return lo + (hi - lo) * (float)(state >> 8) / 16777216.0f;
}

static float encodings[N][4], anchors[N][4], scores[N];

int main(void) {
  for (int i = 0; i < N; ++i) {
    anchors[i][0] = uniform(0.f, 1.f);
    anchors[i][1] = uniform(0.f, 1.f);
    anchors[i][2] = uniform(0.05f, 0.5f);
    anchors[i][3] = uniform(0.05f, 0.5f);
    for (int k = 0; k < 4; ++k)
      encodings[i][k] = uniform(-3.f, 3.f);
    scores[i] = (i % 97 == 0) ? 0.5f : uniform(0.f, 1.f);
  }
  int32_t keep[K], count;
  bench_start();
#if defined(NONE)
  count = scores[0] > 2.0f; /* the harness alone, for the flash baseline */
  for (int k = 0; k < K; ++k)
    keep[k] = (int32_t)encodings[k][0] + (int32_t)anchors[k][0];
#elif defined(BASELINE)
  count = baseline_ssd(encodings, anchors, scores, keep);
#else
  int32_t c[1];
  ssd_postprocess(&encodings[0][0], &anchors[0][0], scores, keep, c);
  count = c[0];
#endif
  bench_stop();
  printf("kept %ld:", (long)count);
  for (int k = 0; k < K; ++k)
    printf(" %ld", (long)keep[k]);
  printf("\n");
  return 0;
}
