/* fifo.c: a bounded queue that hands work from one thread to another. */
/* SPDX-License-Identifier: ISC; see LICENSE. */
#include "fifo.h"

int
vs_fifo_init(struct vs_fifo *f)
{
	f->f_head = f->f_len = f->f_closed = 0;
	if (pthread_mutex_init(&f->f_lock, NULL) != 0)
		return -1;
	if (pthread_cond_init(&f->f_cond, NULL) != 0) {
		pthread_mutex_destroy(&f->f_lock);
		return -1;
	}
	return 0;
}

int
vs_fifo_push(struct vs_fifo *f, void *item)
{
	int	 rc = -1;

	pthread_mutex_lock(&f->f_lock);
	while (f->f_len == VS_FIFO_CAP && !f->f_closed)
		pthread_cond_wait(&f->f_cond, &f->f_lock);
	if (!f->f_closed) {
		f->f_items[(f->f_head + f->f_len) % VS_FIFO_CAP] = item;
		f->f_len++;
		rc = 0;
		pthread_cond_broadcast(&f->f_cond);
	}
	pthread_mutex_unlock(&f->f_lock);
	return rc;
}

void *
vs_fifo_pop(struct vs_fifo *f)
{
	void	*item = NULL;

	pthread_mutex_lock(&f->f_lock);
	while (f->f_len == 0 && !f->f_closed)
		pthread_cond_wait(&f->f_cond, &f->f_lock);
	if (f->f_len > 0) {
		item = f->f_items[f->f_head];
		f->f_head = (f->f_head + 1) % VS_FIFO_CAP;
		f->f_len--;
		pthread_cond_broadcast(&f->f_cond);
	}
	pthread_mutex_unlock(&f->f_lock);
	return item;
}

void
vs_fifo_close(struct vs_fifo *f)
{
	pthread_mutex_lock(&f->f_lock);
	f->f_closed = 1;
	pthread_cond_broadcast(&f->f_cond);
	pthread_mutex_unlock(&f->f_lock);
}

void
vs_fifo_destroy(struct vs_fifo *f)
{
	pthread_cond_destroy(&f->f_cond);
	pthread_mutex_destroy(&f->f_lock);
}
