import { pictureType, savePicture } from '../pictures/index.ts';

/**
 * Avatars are fetched by the build and served by the site, so a reader's browser asks no
 * third party for them; they are kept as every picture from another site is (pictures/).
 */

/** The avatar route's Content-Type, from the file's name. */
export const avatarType = pictureType;

/** An avatar's bytes saved under their hash, when they are a picture (`savePicture`). */
export const saveAvatar = savePicture;
