// progressive enhancement comes later; the page works fully without it
