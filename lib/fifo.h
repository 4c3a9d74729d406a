/* fifo.h: a bounded queue that hands work from one thread to another. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#ifndef VS_FIFO_H
#define VS_FIFO_H

#include <pthread.h>

#define VS_FIFO_CAP	32

struct vs_fifo {
	void		*f_items[VS_FIFO_CAP];
	int		 f_head;
	int		 f_len;
	int		 f_closed;	/* no more pushes; pops drain, then NULL */
	pthread_mutex_t	 f_lock;
	pthread_cond_t	 f_cond;
};

/* Make an empty queue; 0 / -1. */
int	 vs_fifo_init(struct vs_fifo *);
/* Add an item, waiting while the queue is full; -1 once it is closed. */
int	 vs_fifo_push(struct vs_fifo *, void *);
/* Take the oldest item, waiting while empty; NULL once closed and empty. */
void	*vs_fifo_pop(struct vs_fifo *);
/* No more items: wake every waiter. Items already queued are kept. */
void	 vs_fifo_close(struct vs_fifo *);
/* Release the queue (its items are the caller's to free first). */
void	 vs_fifo_destroy(struct vs_fifo *);

#endif
