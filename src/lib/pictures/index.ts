/**
 * Pictures from other sites, kept by the build and served by the site.
 *
 *   openPictureCache(options) → { fileFor(url, usedIn), dir, save() }   a post's pictures
 *   sniffImage(bytes), pictureType(file), savePicture(dir, bytes)       what counts as a picture
 */
export { openPictureCache, type PictureCache, type PictureCacheOptions } from './cache.ts';
export { pictureType, savePicture, sniffImage } from './sniff.ts';

/** Where the site serves them. */
export const PICTURES_PATH = '/pictures/';
